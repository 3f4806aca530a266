import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestApi } from './api';

const run = promisify(execFile);

/** pg_dump 15 from the distribution; it dumps servers up to its own version. */
const PG_DUMP = '/usr/bin/pg_dump';

/** Every stored row of a database as text, by table (`schema.table`). */
export type Dump = Map<string, string>;

/** The COPY blocks of `pg_dump --data-only`, by table. */
function copyBlocks(text: string): Dump {
  const out: Dump = new Map();
  const re = /^COPY ([^ ]+) \([^)]*\) FROM stdin;\n([\s\S]*?)^\\\.$/gm;
  for (const m of text.matchAll(re)) out.set(m[1]!.replaceAll('"', ''), m[2]!);
  return out;
}

/** The real `pg_dump --data-only`, or null where it cannot dump this server (not installed, or older). */
async function pgDump(url: string): Promise<Dump | null> {
  try {
    const { stdout } = await run(PG_DUMP, ['--data-only', '--no-owner', url], {
      maxBuffer: 512 * 1024 * 1024,
    });
    return copyBlocks(stdout);
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT' || /server version mismatch/.test(e.stderr ?? '')) return null;
    throw error;
  }
}

/**
 * What an attacker with a copy of the database reads: on Postgres the real `pg_dump --data-only`; on
 * PGlite, and on a server newer than the pg_dump installed (the embedded Postgres 18 when no
 * TEST_DATABASE_URL is given, beside pg_dump 15), every row of every table as `row_to_json`, which reads
 * the same stored values.
 */
export async function dumpDatabase(t: TestApi): Promise<Dump> {
  if (t.url.startsWith('postgres')) {
    const dump = await pgDump(t.url);
    if (dump) return dump;
  }
  return rowDump(t);
}

async function rowDump(t: TestApi): Promise<Dump> {
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
