// Outgoing webhooks (issue 20): 1,000 lead.created events, enqueued by the lead_events trigger in one
// statement, delivered by the Node face's deliverer (claim → sign → POST → record, 32 at a time) to a local
// receiver that verifies every request with the `standardwebhooks` package. Goal: all 1,000 in ≤ 5 s, none
// lost, none doubled. Baselines in the same run: the same 1,000 bodies POSTed straight to the receiver with
// the same concurrency (the HTTP cost alone), and the insert of 1,000 events without a subscription.
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { build } from 'esbuild';
import { Webhook } from 'standardwebhooks';
import { benchDatabase, machine, writeSection } from './lib.mjs';

const TITLE = 'Outgoing webhooks: 1,000 lead.created to a local receiver (issue 20)';
const DB = 'leadgate_bench_outhooks';
const N = Number(process.env.BENCH_HOOKS ?? 1000);
const GOAL_MS = 5000;
const load1 = () => loadavg()[0].toFixed(2);

function receiver() {
  const seen = new Map();
  let bad = 0;
  let secret = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.url === '/hook') {
        try {
          new Webhook(secret).verify(body, req.headers);
          const id = req.headers['webhook-id'];
          seen.set(id, (seen.get(id) ?? 0) + 1);
        } catch {
          bad++;
        }
      }
      res.writeHead(200).end('ok');
    });
  });
  return {
    seen,
    bad: () => bad,
    setSecret: (s) => {
      secret = s;
    },
    listen: () =>
      new Promise((done) =>
        server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${server.address().port}`)),
      ),
    close: () => new Promise((done) => server.close(done)),
  };
}

/** The HTTP cost alone: `n` POSTs of a lead.created-sized body, `concurrency` at a time, no database. */
async function rawPosts(url, n, concurrency) {
  const body = JSON.stringify({
    type: 'lead.created',
    timestamp: new Date().toISOString(),
    version: 1,
    data: { lead: { id: 'lead_x', status: 'NEW' } },
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await (await fetch(`${url}/raw`, { method: 'POST', body })).text();
    }),
  );
  return performance.now() - started;
}

export async function run() {
  await build({
    entryPoints: ['bench/outhooks-core.ts'],
    outfile: '.wrangler/bench-outhooks-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-outhooks-core.mjs?${Date.now()}`);
  const database = await benchDatabase(DB);
  const hooks = receiver();
  const url = await hooks.listen();
  const bench = await core.prepare(database.url, `${url}/hook`);
  hooks.setSecret(bench.secret);
  try {
    const loadBefore = load1();
    await bench.setEnabled(false);
    const insertWithout = await bench.createLeads(N, 'plain');
    await bench.setEnabled(true);
    const insertWith = await bench.createLeads(N, 'hooked');
    const queued = await bench.counts();
    const delivery = await bench.deliver();
    const loadAfter = load1();
    const after = await bench.counts();
    const attempts = await bench.attempts();
    const doubled = [...hooks.seen.values()].filter((c) => c > 1).length;
    const raw = await rawPosts(url, N, 32);
    const ok = hooks.seen.size === N && doubled === 0 && hooks.bad() === 0 && delivery.ms <= GOAL_MS;
    const lines = [
      `Machine: ${machine()}; ${database.server}. Load average (1 min) before/after the delivery: ${loadBefore} / ${loadAfter} (a shared 2-core machine).`,
      `Command: \`npm run bench -- outhooks\` (BENCH_HOOKS=${N}).`,
      '',
      '| measure | figure | baseline in the same run |',
      '| --- | --- | --- |',
      `| deliver ${N} lead.created (claim, sign, POST, record; 32 at a time) | **${(delivery.ms / 1000).toFixed(2)} s** (${Math.round((N / delivery.ms) * 1000)}/s) — goal ≤ ${GOAL_MS / 1000} s: ${delivery.ms <= GOAL_MS ? 'met' : 'NOT met'} | the same ${N} POSTs without the database: ${(raw / 1000).toFixed(2)} s |`,
      `| insert ${N} leads + created events in one statement | ${insertWith.toFixed(0)} ms with the subscription (trigger enqueues ${queued.pending ?? 0}) | ${insertWithout.toFixed(0)} ms with no enabled subscription |`,
      `| received by the receiver, verified by standardwebhooks | ${hooks.seen.size} distinct webhook-ids, ${doubled} doubled, ${hooks.bad()} failed verification | — |`,
      `| messages after the run | ${JSON.stringify(after)}, ${attempts} attempts logged | — |`,
      '',
      `Result: ${ok ? 'nothing lost or doubled within the goal' : 'see the figures: the goal is not met'}.`,
    ];
    console.log(lines.join('\n'));
    writeSection(TITLE, lines.join('\n'));
  } finally {
    await bench.close();
    await hooks.close();
    await database.stop();
  }
}
