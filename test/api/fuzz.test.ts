import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { defaultConfig } from '../../edge/deps';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { sessionAuth, setupApi, type TestApi } from '../support/api';
import {
  contentType,
  csvUpload,
  hostileJsonText,
  hostileKey,
  hostileLead,
  hostileString,
  hostileValue,
  multipartBody,
  pathSegment,
  queryString,
  urlencodedBody,
  wireHeader,
} from '../support/hostile';
import { call, orgWithSessions, seedLead } from '../support/workspace';

/**
 * Property-based fuzzing of the public endpoints (and the API with an API key): whatever arrives, the
 * answer is never a 5xx, a refused request stores nothing, and the app still answers afterwards.
 *
 * Seeded: the seed is printed and `FUZZ_SEED=<n>` runs another. A failure prints fast-check's report with
 * its seed, path and counterexample; `FUZZ_SEED=<seed> FUZZ_PATH=<path> … -t '<property>'` replays exactly
 * that case (then keep it in the property's `examples`). Bounded: each property stops after `FUZZ_MS`
 * (default 1,000 ms; PGlite half of it) or `FUZZ_RUNS` cases, whichever comes first, so the file stays
 * within 60 s in CI.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const MS_PER_PROPERTY = Number(process.env.FUZZ_MS ?? 1_000);
/** PGlite's setup costs twice Postgres's: its properties get half the time, so the file keeps its budget. */
const SHARE = { postgres: 1, pglite: 0.5 } as const;
const MAX_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const REPLAY_PATH = process.env.FUZZ_PATH;
const SETUP_TOKEN = 'fuzz-setup-token-0123456789abcdef';

/**
 * The tables a refused request writes to by design: the webhook delivery log (refusals are what it is
 * for), sign-in throttles (failed attempts count), the origins a form refused (shown to its admin). Every
 * other table's row count must be the same after a 4xx as before it.
 */
const WRITTEN_ON_REFUSAL = new Set(['webhook_deliveries', 'sign_in_throttles', 'form_refused_origins']);

console.info(`fuzz seed ${SEED} (FUZZ_SEED=<n> replays or changes it)`);

/** The statuses answered during the current property, for its log line (how deep the cases got). */
const statuses = new Map<number, number>();

/** Checks a property within the budget; logs how many cases ran, and on failure throws fast-check's report. */
async function run<T extends [unknown, ...unknown[]]>(
  database: keyof typeof SHARE,
  name: string,
  property: fc.IAsyncProperty<T>,
  examples: T[] = [],
) {
  statuses.clear();
  const details = await fc.check(property, {
    seed: SEED,
    numRuns: MAX_RUNS,
    interruptAfterTimeLimit: MS_PER_PROPERTY * SHARE[database],
    markInterruptAsFailure: false,
    examples,
    ...(REPLAY_PATH ? { path: REPLAY_PATH } : {}),
  });
  const mix = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
  console.info(`fuzz ${database} ${name}: ${details.numRuns} cases (seed ${SEED}): ${mix.join(' ')}`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
}

/**
 * Sends requests to one app and checks the three promises; `attach` it to the app first. Waits for the
 * work a request deferred past its answer (its database handle is released only then), so the counts
 * compared are final.
 */
function harness() {
  let t: TestApi;
  let countSql = '';
  let inFlight = 0;
  /** The row counts after the last request (each request's "before", saving a query per request). */
  let baseline: Record<string, unknown> | undefined;

  async function attach(api: TestApi): Promise<void> {
    t = api;
    const provider = t.deps.database;
    const acquire = provider.acquire.bind(provider);
    provider.acquire = () => {
      const handle = acquire();
      inFlight++;
      return {
        db: handle.db,
        release: async () => {
          inFlight--;
          await handle.release();
        },
      };
    };
    const tables = await t.sql<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const counted = tables.map((r) => r.name).filter((n) => !WRITTEN_ON_REFUSAL.has(n));
    countSql = `select ${counted.map((n) => `(select count(*)::int from "${n}") as "${n}"`).join(', ')}`;
  }

  async function settled(): Promise<void> {
    for (let i = 0; inFlight > 0 && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
  }
  const counts = async () => (await t.sql(countSql))[0];

  /**
   * Sends one request: the answer is below 500, injects no header, and after a 4xx every counted table
   * has as many rows as before. A request the fetch API itself refuses to build (a body on GET, say)
   * could not arrive either, and is skipped.
   */
  async function probe(
    label: string,
    path: string,
    init: { method: string; headers?: Record<string, string | null>; body?: string },
  ) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) if (v !== null) headers[k] = wireHeader(v);
    let request: Request;
    try {
      request = new Request(new URL(path, 'http://localhost'), { ...init, headers });
    } catch {
      return;
    }
    await settled();
    const before = baseline ?? (await counts());
    baseline = undefined;
    const res = await t.app.request(request);
    const text = await res.text();
    await settled();
    const after = await counts();
    baseline = after;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const seen = `${label}: ${init.method} ${path.slice(0, 120)} → ${res.status} ${text.slice(0, 300)}`;
    expect(res.status, seen).toBeLessThan(500);
    expect(res.headers.get('x-injected'), seen).toBeNull();
    expect(res.headers.get('set-cookie') ?? '', seen).not.toContain('evil');
    if (res.status >= 400) expect(after, seen).toEqual(before);
  }

  return { attach, probe };
}

describe.each(['postgres', 'pglite'] as const)('fuzzing the public endpoints on %s', (database) => {
  let t: TestApi;
  let formId: string;
  let leadId: string;
  let apiKey: string;
  let importKey: string;
  let ours: { id: string; secret: string };
  let hubspot: { id: string; secret: string };
  const h = harness();

  beforeAll(async () => {
    const started = Date.now();
    t = await setupApi(
      { config: { ...defaultConfig, setupToken: SETUP_TOKEN, allowSignup: true } },
      { database },
    );
    const { org, sessions } = await orgWithSessions(t);
    formId = org.formId;
    leadId = await seedLead(t, org, { lastName: 'Nováková', email: 'jana@example.cz' });
    ours = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
      name: 'Ours',
      adapter: 'leadgate',
    });
    hubspot = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
      name: 'HubSpot',
      adapter: 'hubspot',
    });
    const key = await call(t, sessions.owner, 'POST', '/api/api-keys', {
      name: 'fuzz',
      scopes: ['leads:read', 'leads:write', 'submit'],
    });
    apiKey = ((await key.json()) as { key: string }).key;
    // A key of its own: each caller has its own rate limit, which the other property may have spent.
    const forImport = await call(t, sessions.owner, 'POST', '/api/api-keys', {
      name: 'fuzz import',
      scopes: ['import'],
    });
    importKey = ((await forImport.json()) as { key: string }).key;
    await h.attach(t);
    console.info(`fuzz setup on ${database}: ${Date.now() - started} ms`);
  }, 120_000);
  afterAll(() => t?.close());

  const probe = h.probe;

  it('GET a form definition', async () => {
    await run(
      database,
      'GET a form definition',
      fc.asyncProperty(
        fc.oneof(fc.constant(null), pathSegment),
        fc.record({
          origin: hostileString,
          'if-none-match': hostileString,
          'accept-language': hostileString,
        }),
        async (id, headers) =>
          probe('form definition', `/v1/forms/${id ?? formId}`, { method: 'GET', headers }),
      ),
    );
  });

  it('POST a JSON submission', async () => {
    await run(
      database,
      'POST a JSON submission',
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, pathSegment),
        hostileJsonText,
        contentType,
        fc.record({
          'idempotency-key': fc.option(hostileString, { nil: null }),
          origin: fc.option(fc.oneof(fc.constant('http://localhost'), hostileString), { nil: null }),
          'cf-turnstile-response': fc.option(hostileString, { nil: null }),
          referer: fc.option(hostileString, { nil: null }),
        }),
        async (id, body, type, headers) =>
          probe('JSON submission', `/v1/forms/${id ?? formId}/submissions`, {
            method: 'POST',
            headers: { ...headers, 'content-type': type },
            body,
          }),
      ),
    );
  });

  it('POST a plain HTML form (urlencoded and multipart)', async () => {
    await run(
      database,
      'POST a plain HTML form (urlencoded and multipart)',
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(
            urlencodedBody,
            fc.constantFrom(
              'application/x-www-form-urlencoded',
              'application/x-www-form-urlencoded; charset=iso-8859-2',
              'application/x-www-form-urlencoded; charset=utf-16',
              'APPLICATION/X-WWW-FORM-URLENCODED',
            ),
          ),
          multipartBody.map(
            ({ body, boundary }) => [body, `multipart/form-data; boundary=${boundary}`] as const,
          ),
        ),
        fc.option(hostileString, { nil: null }),
        async ([body, type], origin) =>
          probe('HTML post', `/v1/forms/${formId}/submissions`, {
            method: 'POST',
            headers: { 'content-type': type, origin },
            body,
          }),
      ),
    );
  });

  it('preflight (OPTIONS) the form endpoints', async () => {
    await run(
      database,
      'preflight (OPTIONS) the form endpoints',
      fc.asyncProperty(
        fc.oneof(fc.constant(null), pathSegment),
        fc.constantFrom('', '/submissions', '/anything/else'),
        fc.record({
          origin: fc.oneof(fc.constant('https://example.com'), hostileString),
          'access-control-request-method': fc.oneof(
            fc.constantFrom('POST', 'GET', 'DELETE', ''),
            hostileString,
          ),
          'access-control-request-headers': hostileString,
        }),
        async (id, rest, headers) =>
          probe('preflight', `/v1/forms/${id ?? formId}${rest}`, { method: 'OPTIONS', headers }),
      ),
      // Found by this suite: a NUL in the form id reached Postgres (22021) from the unvalidated preflight.
      [
        [
          'a%00b',
          '',
          { origin: '', 'access-control-request-method': 'POST', 'access-control-request-headers': '' },
        ],
      ],
    );
  });

  /** A Standard Webhooks delivery, signed with the source's secret unless `forged`. */
  async function deliver(
    label: string,
    source: { id: string; secret: string },
    body: string,
    opts: { id: string; forged: boolean; at: number | string; type: string | null },
  ) {
    const at = typeof opts.at === 'number' ? Math.floor(Date.now() / 1000) + opts.at : opts.at;
    // Signed over the id as it arrives (its bytes, trimmed), so a hostile id still gets past the signature.
    const id = wireHeader(opts.id).trim();
    const signature = opts.forged
      ? 'v1,Zm9yZ2Vk'
      : await signWebhook(source.secret, id, Number(at), body).catch(() => 'v1,');
    await probe(label, `/v1/hooks/${source.id}`, {
      method: 'POST',
      headers: {
        'content-type': opts.type,
        'webhook-id': id,
        'webhook-timestamp': String(at),
        'webhook-signature': signature,
      },
      body,
    });
  }

  const delivery = fc.record({
    id: fc.oneof(
      fc.uuid().map((u) => `msg_${u}`),
      hostileString,
    ),
    forged: fc.constantFrom(false, false, false, true),
    at: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      fc.integer({ min: -10_000, max: 10_000 }),
      hostileString,
    ),
    type: contentType,
  });

  it('deliver to a Standard Webhooks source', async () => {
    await run(
      database,
      'deliver to a Standard Webhooks source',
      fc.asyncProperty(hostileJsonText, delivery, (body, opts) => deliver('webhook', ours, body, opts)),
    );
  });

  it('deliver a HubSpot Forms v3 submission', async () => {
    const field = fc.record({
      name: fc.oneof(fc.constantFrom('email', 'lastname', 'firstname', 'phone', 'company'), hostileKey),
      value: fc.oneof(fc.constant('jana@example.cz'), hostileValue),
    });
    const submission = fc.record(
      {
        fields: fc.oneof({ weight: 3, arbitrary: fc.array(field, { maxLength: 8 }) }, hostileValue),
        context: fc.oneof(
          fc.record({
            pageUri: hostileValue,
            pageName: hostileValue,
            hutk: hostileValue,
            ipAddress: hostileValue,
          }),
          hostileValue,
        ),
        legalConsentOptions: fc.oneof(
          fc.record({
            consent: fc.record({
              consentToProcess: hostileValue,
              text: hostileValue,
              communications: hostileValue,
            }),
          }),
          hostileValue,
        ),
        submittedAt: hostileValue,
      },
      { requiredKeys: [] },
    );
    await run(
      database,
      'deliver a HubSpot Forms v3 submission',
      fc.asyncProperty(submission, delivery, (payload, opts) =>
        deliver('HubSpot', hubspot, JSON.stringify(payload), opts),
      ),
    );
  });

  it('call the API with an API key', async () => {
    const endpoint = fc.oneof(
      queryString.map((q) => ['GET', `/api/leads?${q}`, null] as const),
      queryString.map((q) => ['GET', `/api/search?${q}`, null] as const),
      pathSegment.map((id) => ['GET', `/api/leads/${id}`, null] as const),
      hostileJsonText.map((body) => ['POST', '/api/leads', body] as const),
      hostileLead.map((lead) => ['PATCH', '/api/leads/{lead}', JSON.stringify(lead)] as const),
      hostileJsonText.map((body) => ['POST', '/api/leads/{lead}/notes', body] as const),
      hostileJsonText.map((body) => ['POST', '/api/leads/{lead}/status', body] as const),
      fc
        .tuple(pathSegment, hostileJsonText)
        .map(([id, body]) => ['PATCH', `/api/leads/${id}`, body] as const),
    );
    const authorization = fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'bearer lg_live_x'),
      hostileString.map((s) => `Bearer ${s}`),
    );
    await run(
      database,
      'call the API with an API key',
      fc.asyncProperty(endpoint, authorization, contentType, async ([method, path, body], auth, type) =>
        probe('API key', path.replace('{lead}', leadId), {
          method,
          headers: {
            authorization: auth ?? `Bearer ${apiKey}`,
            'content-type': body === null ? null : (type ?? 'application/json'),
          },
          ...(body === null ? {} : { body }),
        }),
      ),
    );
  });

  it('upload a CSV file for import with an API key', async () => {
    await run(
      database,
      'upload a CSV file for import with an API key',
      fc.asyncProperty(csvUpload, async ({ body, boundary }) =>
        probe('CSV import', '/api/leads/imports', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${importKey}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
          body,
        }),
      ),
    );
  });

  it('sign in, set up, sign up, reset a password, accept an invitation', async () => {
    const path = fc.constantFrom(
      '/api/session',
      '/api/setup',
      '/api/signup',
      '/api/signup/preview',
      '/api/signup/complete',
      '/api/password-reset',
      '/api/password-reset/confirm',
      '/api/invitations/preview',
      '/api/invitations/accept',
    );
    const body = fc.oneof(
      hostileJsonText,
      fc
        .record(
          {
            email: fc.oneof(fc.constant('owner@example.test'), hostileValue),
            password: fc.oneof(fc.constant('correct horse battery staple'), hostileValue),
            token: fc.oneof(fc.constant(SETUP_TOKEN), hostileValue),
            name: hostileValue,
            organization: hostileValue,
            locale: hostileValue,
            timezone: hostileValue,
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    await run(
      database,
      'sign in, set up, sign up, reset a password, accept an invitation',
      fc.asyncProperty(
        path,
        fc.constantFrom('POST', 'POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE'),
        body,
        contentType,
        fc.option(fc.oneof(fc.constant('http://localhost'), hostileString), { nil: null }),
        async (p, method, b, type, origin) =>
          probe('people', p, {
            method,
            headers: { 'content-type': type ?? 'application/json', origin },
            ...(method === 'GET' ? {} : { body: b }),
          }),
      ),
    );
  });

  it('still answers after all of it', async () => {
    const res = await t.app.request(`/v1/forms/${formId}`);
    expect(res.status).toBe(200);
    expect((await t.app.request('/healthz')).status).toBe(200);
  });
});

describe('fuzzing the first-run setup of an empty database (postgres)', () => {
  let t: TestApi;
  const h = harness();
  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, setupToken: SETUP_TOKEN } });
    await h.attach(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('POST /api/setup', async () => {
    const body = fc.oneof(
      hostileJsonText,
      fc
        .record(
          {
            token: fc.oneof({ weight: 4, arbitrary: fc.constant(SETUP_TOKEN) }, hostileValue),
            organization: fc.oneof(
              fc.record({ name: hostileValue, defaultCountry: hostileValue }),
              hostileValue,
            ),
            owner: fc.oneof(
              fc.record({
                name: hostileValue,
                email: fc.oneof(fc.constant('owner@example.test'), hostileValue),
                password: hostileValue,
              }),
              hostileValue,
            ),
            name: hostileValue,
            email: hostileValue,
            password: hostileValue,
          },
          { requiredKeys: ['token'] },
        )
        .map((v) => JSON.stringify(v)),
    );
    await run(
      'postgres',
      'POST /api/setup on an empty database',
      fc.asyncProperty(body, contentType, (b, type) =>
        h.probe('setup', '/api/setup', { method: 'POST', headers: { 'content-type': type }, body: b }),
      ),
    );
  });
});
