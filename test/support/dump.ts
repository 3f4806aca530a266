import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestApi } from './api';

const run = promisify(execFile);

/** Every stored row of a database as text, by table (`schema.table`). */
export type Dump = Map<string, string>;

/** The COPY blocks of `pg_dump --data-only`, by table. */
function copyBlocks(text: string): Dump {
  const out: Dump = new Map();
  const re = /^COPY ([^ ]+) \([^)]*\) FROM stdin;\n([\s\S]*?)^\\\.$/gm;
  for (const m of text.matchAll(re)) out.set(m[1]!.replaceAll('"', ''), m[2]!);
  return out;
}

/**
 * What an attacker with a copy of the database reads: on Postgres the real `pg_dump --data-only`; on
 * PGlite (no pg_dump for it here) every row of every table as `row_to_json`, which reads the same bytes.
 */
export async function dumpDatabase(t: TestApi): Promise<Dump> {
  if (t.url.startsWith('postgres')) {
    const { stdout } = await run('/usr/bin/pg_dump', ['--data-only', '--no-owner', t.url], {
      maxBuffer: 512 * 1024 * 1024,
    });
    return copyBlocks(stdout);
  }
  const tables = await t.sql<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  const out: Dump = new Map();
  for (const { name } of tables) {
    const [schema, table] = name.split('.');
    const rows = await t.sql<{ r: string }>(`select row_to_json(x)::text as r from "${schema}"."${table}" x`);
    out.set(name, rows.map((r) => r.r).join('\n'));
  }
  return out;
}

/** Where each marker appears: `marker → tables`, only markers found. */
export function findMarkers(dump: Dump, markers: string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const m of markers) {
    const needle = m.toLowerCase();
    const tables = [...dump].filter(([, text]) => text.toLowerCase().includes(needle)).map(([n]) => n);
    if (tables.length) found[m] = tables.sort();
  }
  return found;
}
