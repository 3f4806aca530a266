import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Miniflare } from 'miniflare';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect } from '../../db/connect';
import { formatId } from '../../edge/core/ids';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { randomBytes } from '../../edge/crypto/encoding';
import { type PiiKeyMaterial, PiiVault } from '../../edge/crypto/pii';
import { defaultConfig } from '../../edge/deps';
import { DASHBOARD_CSP } from '../../edge/http/security-headers';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { createForm, createOrganization } from '../../edge/services/people/organizations';
import { BASE, startWorker, type WorkerHarness } from './support';

/**
 * The real worker: bundled by wrangler exactly as `wrangler deploy` would, run in workerd by miniflare with
 * the options wrangler derives from wrangler.toml, reaching Postgres through the Neon driver (WebSocket
 * → the test proxy → the test server). These prove the bindings, the config and the driver.
 */
let harness: WorkerHarness;
let mf: Miniflare;
let raw: pg.Pool;
let keys: PiiKeyMaterial;
let conn: Awaited<ReturnType<typeof connect>>;
let formId: string;
let hook: { id: string; secret: string };
const sql = async <T>(text: string) => (await raw.query(text)).rows as T[];
/** The dashboard's public origin the worker is configured with: every link it writes starts with it. */
const APP_URL = 'https://leads.example.test';
/** A stand-in for the mail provider (Resend's wire format): it keeps what it is sent. */
let mailServer: Server;
const mailed: Array<{ to: string[]; text: string }> = [];

beforeAll(async () => {
  mailServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      mailed.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"id":"sent_${mailed.length}"}`);
    });
  });
  await new Promise<void>((done) => mailServer.listen(0, '127.0.0.1', done));
  harness = await startWorker({
    bindings: () => ({
      APP_URL,
      MAIL_API_KEY: 'test-mail-key',
      MAIL_FROM: 'Leadgate <leads@example.test>',
      MAIL_ENDPOINT: `http://127.0.0.1:${(mailServer.address() as AddressInfo).port}/emails`,
    }),
  });
  ({ mf, raw, keys } = harness);
  conn = await connect({ url: harness.database.url });
  const deps = {
    now: () => new Date(),
    newId: (p: string) => formatId(p, Date.now(), randomBytes(10)),
    config: defaultConfig,
  };
  const org = await createOrganization(deps, conn.db, {
    name: 'Worker Org',
    slug: 'worker-org',
    members: [
      { email: 'sdr@worker.test', name: 'Sam SDR', role: 'member', password: 'worker-pass-1' },
      { email: 'admin@worker.test', name: 'Ada Admin', role: 'admin', password: 'worker-pass-2' },
      { email: 'owner@worker.test', name: 'Olga Owner', role: 'owner', password: 'worker-pass-3' },
    ],
  });
  formId = await createForm(deps, conn.db, org.organizationId, { name: 'Worker form' });
  const vaultForSetup = await PiiVault.create(keys);
  hook = await createWebhookSource(
    { ...deps, pii: vaultForSetup },
    conn.db,
    {
      organizationId: org.organizationId,
      userId: null,
      apiKeyId: null,
      role: 'admin',
      via: 'session',
      csrfToken: null,
    },
    { name: 'Zapier', adapter: 'leadgate' },
  );
});

afterAll(async () => {
  await harness?.close();
  await new Promise((done) => mailServer?.close(done));
  await conn?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  mf.dispatchFetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('worker in workerd', () => {
  it('answers /healthz after a round trip to Postgres through the Neon driver', async () => {
    const res = await mf.dispatchFetch(`${BASE}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('stores a form submission in one transaction, PII encrypted with the secret keys', async () => {
    const res = await post(`/v1/forms/${formId}/submissions`, {
      lastName: 'Коваленко',
      email: 'A.K@Example.com',
    });
    expect(res.status).toBe(201);
    const rows = await sql<{ email_ciphertext: string; organization_id: string }>(
      `select email_ciphertext, organization_id from leads where last_name = 'Коваленко'`,
    );
    expect(rows).toHaveLength(1);
    const vault = await PiiVault.create(keys);
    const row = rows[0]!;
    expect(await vault.decrypt(row.organization_id, 'email', row.email_ciphertext)).toBe('a.k@example.com');
  });

  it('keeps one lead for concurrent submissions of the same person (unique index, Neon transactions)', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(
          `/v1/forms/${formId}/submissions`,
          { lastName: 'Same', email: 'same@example.com' },
          { 'cf-connecting-ip': `198.51.100.${i}` },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const count = await sql<{ n: string }>(`select count(*)::text as n from leads where last_name = 'Same'`);
    expect(count[0]!.n).toBe('1');
    // Nine merges into the one lead, each on its own version and with its own event, through the Neon driver
    // (concurrent merges race on the version; the loser merges again under the row lock).
    const [merged] = await sql<{ version: number; resubmitted: string }>(
      `select l.version, (select count(*)::text from lead_events e where e.lead_id = l.id and e.type = 'resubmitted') as resubmitted
       from leads l where l.last_name = 'Same'`,
    );
    expect(merged).toEqual({ version: 10, resubmitted: '9' });
  });

  it('signs in and lists leads with the session cookie', async () => {
    const login = await post('/api/session', { email: 'sdr@worker.test', password: 'worker-pass-1' });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await mf.dispatchFetch(`${BASE}/api/leads`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { items: Array<{ lastName: string }> };
    expect(list.items.map((l) => l.lastName).sort()).toEqual(['Same', 'Коваленко']);
  });

  it('answers a plain GET /api/live with 426: live updates here are a WebSocket (test/worker/live.test.ts)', async () => {
    const login = await post('/api/session', { email: 'sdr@worker.test', password: 'worker-pass-1' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await mf.dispatchFetch(`${BASE}/api/live`, { headers: { cookie } });
    expect(res.status).toBe(426);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('upgrade-required');
  });

  it('renders problems for bad input, as on Node', async () => {
    const res = await mf.dispatchFetch(`${BASE}/v1/forms/${formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"lastName":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 413 to a chunked body past the limit without reading it whole', async () => {
    const url = await mf.ready;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    /** One chunked upload of up to 64 MB; the answer's status, or null when the connection closed first. */
    const attempt = () =>
      new Promise<{ status: number | null; sent: number }>((resolve) => {
        let sent = 0;
        let answered: number | null = null;
        const req = httpRequest(new URL(`/v1/forms/${formId}/submissions`, url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        });
        req.on('response', (res) => {
          answered = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => resolve({ status: answered, sent }));
        });
        // workerd may close the connection once it answered, before this side parsed the answer (EPIPE on a
        // write, more often on a busy machine): the connection ended early all the same.
        req.on('error', () => setTimeout(() => resolve({ status: answered, sent }), 500));
        const write = () => {
          while (answered === null && !req.destroyed && sent < 64 * 1024 * 1024) {
            sent += chunk.byteLength;
            if (!req.write(chunk)) return void req.once('drain', write);
          }
          req.end();
        };
        write();
      });
    const results: Array<{ status: number | null; sent: number }> = [];
    for (let i = 0; i < 4 && !results.some((r) => r.status === 413); i++) results.push(await attempt());
    // Each time the worker stopped at 64 KB: what the client wrote meanwhile is the sockets' buffers, not
    // 64 MB; and at least once the client read the answer, a 413.
    for (const r of results) expect(r.sent).toBeLessThan(16 * 1024 * 1024);
    expect(results.map((r) => r.status)).toContain(413);
  });

  it('serves the public form definition with an ETag', async () => {
    const res = await mf.dispatchFetch(`${BASE}/v1/forms/${formId}`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    const again = await mf.dispatchFetch(`${BASE}/v1/forms/${formId}`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('lets a refused page read why, and remembers its origin after the response (waitUntil, Neon)', async () => {
    const origin = 'https://refused.worker.example';
    const res = await mf.dispatchFetch(`${BASE}/v1/forms/${formId}`, { headers: { origin } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(await res.json()).toMatchObject({
      code: 'origin-not-allowed',
      origin,
      editorUrl: `${APP_URL}/app/forms/${formId}`,
    });
    await expect
      .poll(() => sql<{ count: number }>(`select count from form_refused_origins where origin = '${origin}'`))
      .toEqual([{ count: 1 }]);
  });

  it('takes a Salesforce-style form post and redirects with 303', async () => {
    const res = await mf.dispatchFetch(`${BASE}/v1/forms/${formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '198.51.100.50' },
      body: new URLSearchParams({
        first_name: 'Lukas',
        last_name: 'Weiß',
        oid: '00D',
        email: 'lukas@example.de',
      }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(await sql(`select 1 from leads where last_name = 'Weiß'`)).toHaveLength(1);
  });

  it('replays an idempotent submission across requests (Neon transactions)', async () => {
    const send = () =>
      post(
        `/v1/forms/${formId}/submissions`,
        { lastName: 'Idem' },
        { 'idempotency-key': 'worker-key', 'cf-connecting-ip': '198.51.100.51' },
      );
    const [a, b] = [await send(), await send()];
    expect(await a.json()).toEqual(await b.json());
    expect(await sql(`select 1 from leads where last_name = 'Idem'`)).toHaveLength(1);
  });

  it('receives a signed webhook once, however often it is delivered', async () => {
    const body = JSON.stringify({ lastName: 'Hooked', email: 'hooked@example.com' });
    const at = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'webhook-id': 'msg_worker_1',
      'webhook-timestamp': String(at),
      'webhook-signature': await signWebhook(hook.secret, 'msg_worker_1', at, body),
    };
    const first = await mf.dispatchFetch(`${BASE}/v1/hooks/${hook.id}`, { method: 'POST', headers, body });
    const again = await mf.dispatchFetch(`${BASE}/v1/hooks/${hook.id}`, { method: 'POST', headers, body });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await sql(`select 1 from leads where last_name = 'Hooked'`)).toHaveLength(1);
    const forged = await mf.dispatchFetch(`${BASE}/v1/hooks/${hook.id}`, {
      method: 'POST',
      headers: { ...headers, 'webhook-signature': 'v1,AAAA' },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it('rate-limits per IP with the Durable Object: the 11th submission in a minute gets 429', async () => {
    // 10 at once, then one every 6 s: the 11 posts take far less.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await post(
        `/v1/forms/${formId}/submissions`,
        { lastName: `Limited${i}` },
        { 'cf-connecting-ip': '203.0.113.99' },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
  });

  it('keeps uploaded documents in the R2 binding and serves them back', async () => {
    const login = await post('/api/session', { email: 'sdr@worker.test', password: 'worker-pass-1' });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
    const [lead] = await sql<{ id: string }>(
      `update leads set assigned_to = (select id from users where email = 'sdr@worker.test')
       where last_name = 'Same' returning id`,
    );
    const form = new FormData();
    form.append('file', new Blob(['Angebot'], { type: 'text/plain' }), 'Angebot Müller.txt');
    // Serialized here: miniflare's fetch does not take this runtime's FormData as a body.
    const multipart = new Response(form);
    const upload = await mf.dispatchFetch(`${BASE}/api/leads/${lead!.id}/documents`, {
      method: 'POST',
      headers: { ...headers, 'content-type': multipart.headers.get('content-type')! },
      body: new Uint8Array(await multipart.arrayBuffer()),
    });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    const download = await mf.dispatchFetch(`${BASE}/api/leads/${lead!.id}/documents/${id}`, { headers });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('Angebot');
    expect(download.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''Angebot%20M%C3%BCller.txt",
    );
    // The download's access event is written after the answer, through waitUntil.
    await vi.waitFor(
      async () =>
        expect(
          await sql<{ data: Record<string, unknown> }>(
            `select data from lead_events where type = 'accessed' and entity_type = 'lead_access'
             and entity_id = '${lead!.id}'`,
          ),
        ).toEqual([
          { data: { kind: 'document', documentId: id, via: 'GET /api/leads/{id}/documents/{documentId}' } },
        ]),
      { timeout: 5_000, interval: 50 },
    );
  });

  it('serves the dashboard shell for deep links from the ASSETS binding, with its CSP and no framing', async () => {
    for (const path of ['/app/', '/app/leads', '/app/index.html']) {
      const res = await mf.dispatchFetch(`${BASE}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(res.headers.get('content-security-policy'), path).toBe(DASHBOARD_CSP);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      const html = await res.text();
      // The shell's own script is served as what it is, not as the shell again.
      const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, path).toBeDefined();
      const js = await mf.dispatchFetch(`${BASE}${script}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      await js.arrayBuffer();
    }
    const api = await mf.dispatchFetch(`${BASE}/api/leads`);
    expect(api.status).toBe(401);
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('cache-control')).toContain('no-store');
  });

  it('streams an export over several batches through the Neon driver, email decrypted in workerd', async () => {
    const [org] = await sql<{ id: string }>(`select id from organizations where slug = 'worker-org'`);
    // 2,100 more leads: the export reads 2,000 a query, so the stream spans two batches and a short third.
    await sql(`insert into leads (id, organization_id, last_name, search_text, created_at, updated_at,
        status_changed_at, last_activity_at)
      select 'lead_bulk_' || g, '${org!.id}', 'Bulk ' || g, 'bulk ' || g, now() - g * interval '1 second',
        now(), now(), now() from generate_series(1, 2100) g`);
    const login = await post('/api/session', { email: 'admin@worker.test', password: 'worker-pass-2' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await mf.dispatchFetch(`${BASE}/api/leads/export?format=csv`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
    const text = new TextDecoder().decode(bytes); // (drops the BOM)
    const lines = text.trimEnd().split('\r\n');
    const [leadCount] = await sql<{ n: number }>(
      `select count(*)::int as n from leads where organization_id = '${org!.id}' and deleted_at is null`,
    );
    expect(lines.length - 1).toBe(leadCount!.n);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(leadCount!.n); // no row twice
    expect(text).toContain('a.k@example.com'); // the worker's own ciphertext, opened by the worker
    let audit: Array<{ data: { count: number; complete: boolean; pii: boolean } }> = [];
    for (let i = 0; i < 50 && audit.length === 0; i++) {
      audit = await sql(`select data from lead_events where type = 'exported'`);
      if (audit.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(audit.map((a) => a.data)).toEqual([
      expect.objectContaining({ count: leadCount!.n, complete: true, pii: true }),
    ]);
  });

  it('streams the audit log export through the Neon driver in workerd, and audits it', async () => {
    const [org] = await sql<{ id: string }>(`select id from organizations where slug = 'worker-org'`);
    // 1,100 events of one action: the export reads 1,000 a query, so the stream spans two batches.
    await sql(`insert into lead_events (organization_id, entity_type, type, actor_type, data, created_at)
      select '${org!.id}', 'form', 'worker.bulk', 'system', jsonb_build_object('n', g),
        now() - g * interval '1 second' from generate_series(1, 1100) g`);
    const login = await post('/api/session', { email: 'admin@worker.test', password: 'worker-pass-2' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await mf.dispatchFetch(`${BASE}/api/audit?action=worker.bulk&limit=3`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { items: unknown[] }).items).toHaveLength(3);
    const res = await mf.dispatchFetch(`${BASE}/api/audit/export?action=worker.bulk`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines.length).toBe(1 + 1100);
    let audit: Array<{ data: { count: number; complete: boolean } }> = [];
    for (let i = 0; i < 50 && audit.length === 0; i++) {
      audit = await sql(
        `select data from lead_events where type = 'exported' and entity_type = 'audit_export'`,
      );
      if (audit.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(audit.map((a) => a.data)).toEqual([expect.objectContaining({ count: 1100, complete: true })]);
  });

  // A Cron Trigger runs the due jobs through the Neon driver and records each run in job_runs.
  it('runs the scheduled jobs from a Cron Trigger', async () => {
    // An audit event past the default retention of seven years before the trigger's time, and one within it.
    const [org] = await sql<{ id: string }>('select id from organizations order by created_at limit 1');
    await sql(`insert into lead_events (organization_id, entity_type, type, actor_type, created_at) values
      ('${org!.id}', 'form', 'worker.retention', 'system', '2019-03-01T00:00:00Z'),
      ('${org!.id}', 'form', 'worker.retention', 'system', '2019-03-05T00:00:00Z')`);
    const worker = await mf.getWorker();
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date('2026-03-02T07:00:00Z') });
    let runs: Array<{ name: string; scheduled_for: Date; finished_at: Date | null }> = [];
    // The handler finishes its work in waitUntil: wait for the nine hourly, daily and weekly runs to be recorded as
    // finished. The every-minute jobs found nothing to do (no task or email or webhook message due), so
    // they claimed no run.
    for (let i = 0; i < 50; i++) {
      runs = await sql('select name, scheduled_for, finished_at from job_runs order by name');
      if (runs.length === 9 && runs.every((r) => r.finished_at)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.map((r) => [r.name, new Date(r.scheduled_for).toISOString()])).toEqual([
      ['audit-retention', '2026-03-02T04:00:00.000Z'],
      ['duplicate-scan', '2026-03-02T03:00:00.000Z'],
      ['import-rows-expiry', '2026-03-02T06:30:00.000Z'],
      ['purge-deleted', '2026-03-02T04:00:00.000Z'],
      ['quarantine-digest', '2026-03-02T07:00:00.000Z'],
      ['quarantine-retention', '2026-03-02T04:00:00.000Z'],
      ['score-aging', '2026-03-02T03:15:00.000Z'],
      ['stale-digest', '2026-03-02T07:00:00.000Z'],
      ['webhook-log-retention', '2026-03-02T04:00:00.000Z'],
    ]);
    const kept = await sql<{ created_at: Date }>(
      `select created_at from lead_events where type = 'worker.retention'`,
    );
    expect(kept.map((r) => new Date(r.created_at).toISOString())).toEqual(['2019-03-05T00:00:00.000Z']);
  });

  it('writes links from APP_URL on every path that renders an email: the Outbox page and the cron drain', async () => {
    const [admin] = await sql<{ id: string; organization_id: string }>(
      `select u.id, m.organization_id from users u join memberships m on m.user_id = u.id
       where u.email = 'admin@worker.test'`,
    );
    // Due before the cron tick below (the drain sends only rows whose time has come).
    await sql(`insert into outbox (id, organization_id, kind, payload, next_attempt_at)
      values ('obx_app_url', '${admin!.organization_id}', 'email',
        '{"template":"lead-assigned","userId":"${admin!.id}","leadId":"lead_app_url"}', '2026-03-01T00:00:00Z')`);
    const link = `${APP_URL}/app/leads/lead_app_url`;

    const login = await post('/api/session', { email: 'admin@worker.test', password: 'worker-pass-2' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await mf.dispatchFetch(`${BASE}/api/outbox`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const { items } = (await page.json()) as { items: Array<{ id: string; text: string }> };
    expect(items.find((i) => i.id === 'obx_app_url')?.text).toContain(link);

    const worker = await mf.getWorker();
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date('2026-03-02T07:01:00Z') });
    let sent: Array<{ to: string[]; text: string }> = [];
    for (let i = 0; i < 50 && sent.length === 0; i++) {
      sent = mailed.filter((m) => m.to.includes('admin@worker.test'));
      if (sent.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(sent.map((m) => m.text)).toEqual([expect.stringContaining(link)]);
  });

  it('commits an uploaded import after the response (the queue consumer where IMPORT_QUEUE is bound)', async () => {
    const login = await post('/api/session', { email: 'owner@worker.test', password: 'worker-pass-3' });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
    const form = new FormData();
    form.append('file', new Blob(['First Name,Last Name,Email\nQuinn,Queued,quinn@example.com\n']), 'q.csv');
    const multipart = new Response(form);
    const upload = await mf.dispatchFetch(`${BASE}/api/leads/imports`, {
      method: 'POST',
      headers: { ...headers, 'content-type': multipart.headers.get('content-type')! },
      body: new Uint8Array(await multipart.arrayBuffer()),
    });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    // The dry run comes first: only a previewed job is committed.
    expect((await mf.dispatchFetch(`${BASE}/api/leads/imports/${id}/preview`, { headers })).status).toBe(200);
    const commit = await mf.dispatchFetch(`${BASE}/api/leads/imports/${id}/commit`, {
      method: 'POST',
      headers,
    });
    expect(commit.status).toBe(202);
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== 'completed'; i++) {
      const [job] = await sql<{ status: string }>(`select status from import_jobs where id = '${id}'`);
      status = job?.status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('completed');
    expect(await sql(`select 1 from leads where last_name = 'Queued'`)).toHaveLength(1);
  });

  it('rescores every lead after a scoring save, through the queue consumer (a slice of batches a message)', async () => {
    const login = await post('/api/session', { email: 'owner@worker.test', password: 'worker-pass-3' });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
    const [org] = await sql<{ id: string }>(`select id from organizations where slug = 'worker-org'`);
    await sql(
      `insert into leads (id, organization_id, last_name, industry, score, score_breakdown)
       select 'lead_rescored_' || g, '${org!.id}', 'Rescored' || g, 'SaaS', 0, '[]'
       from generate_series(1, 3) g`,
    );
    const current = await mf.dispatchFetch(`${BASE}/api/scoring-rules`, { headers });
    const { rules } = (await current.json()) as { rules: { points: Record<string, number> } };
    const saved = await mf.dispatchFetch(`${BASE}/api/scoring/versions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ...rules, points: { ...rules.points, industry: 33 } }),
    });
    expect(saved.status).toBe(201);
    const { version, rescore } = (await saved.json()) as { version: number; rescore: { id: string } };
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== 'completed'; i++) {
      const [job] = await sql<{ status: string }>(
        `select status from scoring_rescores where id = '${rescore.id}'`,
      );
      status = job?.status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('completed');
    expect(
      await sql(`select score, score_version from leads where last_name like 'Rescored%' order by last_name`),
    ).toEqual(Array.from({ length: 3 }, () => ({ score: 33, score_version: version })));
    const progress = await mf.dispatchFetch(`${BASE}/api/scoring/rescore`, { headers });
    expect(await progress.json()).toMatchObject({ rescore: { id: rescore.id, status: 'completed' } });
  });

  it('holds a bot submission and releases it once from the review, through Neon transactions', async () => {
    const bot = await post(`/v1/forms/${formId}/submissions`, { lastName: 'Robotová', lg_hp: 'x' });
    expect(bot.status).toBe(201);
    const login = await post('/api/session', { email: 'admin@worker.test', password: 'worker-pass-2' });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
    const count = await mf.dispatchFetch(`${BASE}/api/quarantine/count`, { headers });
    expect(await count.json()).toEqual({ held: 1, capped: false });
    const [held] = await sql<{ id: string }>(
      'select id from quarantined_submissions where released_at is null',
    );
    const release = () =>
      mf.dispatchFetch(`${BASE}/api/quarantine/bulk`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'release', ids: [held!.id] }),
      });
    const outcomes = await Promise.all([release(), release()]);
    const items = await Promise.all(
      outcomes.map(
        async (r) => ((await r.json()) as { items: Array<{ outcome: string }> }).items[0]!.outcome,
      ),
    );
    expect(items.sort()).toEqual(['already-released', 'released']);
    expect(await sql(`select 1 from leads where last_name = 'Robotová'`)).toHaveLength(1);
  });
});
