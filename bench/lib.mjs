// Shared benchmark plumbing: a Postgres server, child processes, wrk, and bench/RESULTS.md sections.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The machine, as RESULTS.md reports it. */
export function machine() {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const pgVersion = '';
  return `${cpus().length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}${pgVersion}`;
}

/**
 * A fresh database for a benchmark on a real Postgres server: BENCH_DATABASE_URL's server, else the one
 * on 127.0.0.1:5432 if it answers, else an embedded server started here.
 */
export async function benchDatabase(name) {
  const candidates = [process.env.BENCH_DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter(
    Boolean,
  );
  for (const url of candidates) {
    const admin = new pg.Client({ connectionString: url });
    try {
      await admin.connect();
      const { rows } = await admin.query('show server_version');
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      await admin.end();
      const u = new URL(url);
      u.pathname = `/${name}`;
      return {
        url: u.toString(),
        server: `PostgreSQL ${rows[0].server_version} (${new URL(url).host})`,
        stop: async () => {},
      };
    } catch {
      await admin.end().catch(() => {});
    }
  }
  const { startEmbeddedPostgres } = await import('./embedded.mjs');
  return startEmbeddedPostgres(name);
}

/** Starts a command and resolves once its output contains `readyText`. */
export function startProcess(command, args, env, readyText) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve({
          child,
          stop: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    if (process.env.BENCH_VERBOSE) child.stderr.on('data', (d) => process.stderr.write(d));
  });
}

/** Runs wrk and parses requests/s, latency percentiles and status counts. */
export function wrk({ url, seconds, connections, threads = 1, script, env = {} }) {
  if (!existsSync('/usr/bin/wrk')) throw new Error('wrk is needed: apt-get install -y wrk');
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency'];
  if (script) args.push('-s', script);
  const out = execFileSync('wrk', [...args, url], { encoding: 'utf8', env: { ...process.env, ...env } });
  const num = (re) => Number((out.match(re) ?? [])[1] ?? Number.NaN);
  const ms = (re) => {
    const m = out.match(re);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  return {
    requests: num(/(\d+) requests in/),
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50: ms(/50%\s+([\d.]+)(us|ms|s)/),
    p90: ms(/90%\s+([\d.]+)(us|ms|s)/),
    p99: ms(/99%\s+([\d.]+)(us|ms|s)/),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/) || 0,
    errors: out.match(/Socket errors:.*/)?.[0] ?? 'none',
    raw: out,
  };
}

/** Replaces (or appends) one `## title` section of bench/RESULTS.md. */
export function writeSection(title, body) {
  const file = 'bench/RESULTS.md';
  const header =
    '# Benchmark results\n\nWritten by `npm run bench`; each section is replaced when its benchmark runs again.\n';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const section = `## ${title}\n\n${body.trim()}\n`;
  const start = text.indexOf(`## ${title}\n`);
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start) + section + (next >= 0 ? `\n${text.slice(next + 1)}` : '');
  } else text = `${text.trimEnd()}\n\n${section}`;
  writeFileSync(file, text);
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by the given processes, from /proc (Linux only; 0 elsewhere). */
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended between listing and reading
    }
  }
  return ticks / CLOCK_TICKS;
}

/** The pids of the server processes serving `database` (its backends), from pg_stat_activity. */
async function backendPids(db, database) {
  const { rows } = await db.query('select pid from pg_stat_activity where datname = $1', [database]);
  return rows.map((r) => String(r.pid));
}

/**
 * Starts counting CPU time of `pid` and of the Postgres backends serving `database` (read through `db`, a
 * connected client, on the same machine). CPU time, unlike throughput, hardly moves when other work shares
 * the machine, so it tells where a request's cost goes even on a busy host. Backends of other databases and
 * Postgres's own background processes (WAL writer, checkpointer) are not counted.
 */
export async function cpuMeter(pid, db, database) {
  const pg0 = await backendPids(db, database);
  const start = { app: cpuSeconds([pid]), db: cpuSeconds(pg0) };
  return async () => {
    const pgNow = [...new Set([...pg0, ...(await backendPids(db, database))])];
    return { app: cpuSeconds([pid]) - start.app, db: cpuSeconds(pgNow) - start.db };
  };
}
