import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './types';

/** Must agree with the casing every `connect` passes to drizzle (db/connect.ts, db/connect-neon.ts). */
const dialect = new PgDialect({ casing: 'snake_case' });

/** A statement compiled once: its text, and its parameters as placeholders to fill per call. */
export type CompiledStatement = { name: string; sql: string; params: unknown[] };

/**
 * Compiled statements by shape. A hot path whose statement is built from many drizzle pieces spends more
 * CPU compiling it than the database spends running it (measured on ingestion: the compile was ~16 % of the
 * Node server's time); compiling each shape once and naming it also lets the driver prepare it once per
 * connection, so Postgres parses and plans it once instead of on every call.
 */
export class StatementCache {
  readonly #compiled = new Map<string, CompiledStatement>();

  constructor(
    private readonly prefix: string,
    private readonly limit = 256,
  ) {}

  /**
   * The compiled statement for `shape`, built by `build()` the first time. `build` must use
   * `sql.placeholder(name)` for every value that varies between calls of the same shape. Past `limit`
   * shapes, statements are compiled per call and left unnamed, so an unforeseen variety cannot grow
   * memory or the server's prepared statements without bound.
   */
  get(shape: string, build: () => SQL): CompiledStatement {
    const hit = this.#compiled.get(shape);
    if (hit) return hit;
    const query = dialect.sqlToQuery(build());
    const full = this.#compiled.size >= this.limit;
    const compiled = { name: full ? '' : `${this.prefix}_${this.#compiled.size}`, ...query };
    if (!full) this.#compiled.set(shape, compiled);
    return compiled;
  }
}

/**
 * Runs a compiled statement with this call's placeholder values, as a named prepared statement where the
 * driver supports it (node-postgres and Neon's Pool prepare a name once per connection; PGlite ignores it).
 */
export async function runCompiled<Row>(
  db: Executor,
  statement: CompiledStatement,
  values: Record<string, unknown>,
): Promise<Row[]> {
  const { name, sql, params } = statement;
  const prepared = db._.session.prepareQuery({ sql, params }, undefined, name || undefined, false);
  const result = (await prepared.execute(values)) as { rows: Row[] };
  return result.rows;
}
