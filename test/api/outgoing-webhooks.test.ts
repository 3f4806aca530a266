import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../edge/app';
import { WEBHOOK_EVENT_TYPES } from '../../edge/core/outgoing-webhooks';
import { deliverDue } from '../../edge/services/outgoing-webhooks/deliver';
import { nodeTransport } from '../../edge/services/outgoing-webhooks/node-transport';
import { startNodeDeliverer } from '../../edge/services/outgoing-webhooks/runner';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { type Receiver, startReceiver } from '../support/webhook-receiver';
import { call, orgWithSessions, type Session } from '../support/workspace';

let t: TestApi;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

type Created = { id: string; secret: string; secretCount: number; eventTypes: string[] };
type Message = {
  id: string;
  eventType: string;
  leadId: string | null;
  status: string;
  attempts: number;
  body: string;
  log: Array<{
    attempt: number;
    replay: boolean;
    responseStatus: number | null;
    error: string | null;
    responseExcerpt: string | null;
    requestHeaders: Record<string, string>;
  }>;
};

async function body<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

async function subscribe(admin: Session, eventTypes: string[] = ['lead.created'], path = '/hook') {
  const created = await body<Created>(
    await call(t, admin, 'POST', '/api/webhook-subscriptions', { url: `${receiver.url}${path}`, eventTypes }),
    201,
  );
  receiver.secrets = [created.secret];
  return created;
}

async function messages(admin: Session, subscriptionId: string) {
  return (
    await body<{ items: Message[] }>(
      await call(t, admin, 'GET', `/api/webhook-messages?subscriptionId=${subscriptionId}`),
    )
  ).items;
}

async function submitLead(org: TestOrg, lastName: string) {
  const res = await call(t, null, 'POST', `/v1/forms/${org.formId}/submissions`, {
    lastName,
    email: `${lastName.toLowerCase()}@example.test`,
  });
  expect(res.status).toBe(201);
  const [lead] = await t.sql<{ id: string }>(
    'select id from leads where organization_id = $1 and last_name = $2',
    [org.organizationId, lastName],
  );
  return lead!.id;
}

/** Delivers what is due with the app's clock set to `at` (the injected clock of the backoff tests). */
async function deliverAt(at: Date) {
  const clock = t.deps.now;
  t.deps.now = () => at;
  try {
    return await deliverDue(t.deps, t.db, at);
  } finally {
    t.deps.now = clock;
  }
}

// The deliverer serves every organization: each test starts with the endpoints of earlier ones switched off.
beforeEach(async () => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
  await t.sql('update webhook_subscriptions set enabled = false');
});

// The enqueue trigger and the delivery queries run on the server and on the embedded PGlite alike.
describe.each(['postgres', 'pglite'] as const)('outgoing webhooks (%s)', (database) => {
  beforeAll(async () => {
    t = await setupApi({}, { database });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('delivers a signed lead.created after a form submission, verified by the standardwebhooks package', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const sub = await subscribe(sessions.admin);
    expect(sub.secret).toMatch(/^whsec_/);
    const leadId = await submitLead(org, 'Hookova');

    expect(await deliverDue(t.deps, t.db, new Date())).toEqual({ delivered: 1, failed: 0 });
    const [got] = receiver.verified();
    expect(receiver.received).toHaveLength(1);
    expect(got!.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(got!.verified).toEqual({
      type: 'lead.created',
      version: 1,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: {
        eventId: expect.any(String),
        actor: { type: 'public' },
        lead: expect.objectContaining({ id: leadId, status: 'NEW', formId: org.formId, version: 1 }),
      },
    });
    // No personal data leaves in a webhook: the receiver reads it through the API with a key.
    expect(got!.body.toLowerCase()).not.toContain('hookova');

    const [logged] = await messages(sessions.admin, sub.id);
    expect(logged).toMatchObject({
      id: got!.id,
      eventType: 'lead.created',
      leadId,
      status: 'delivered',
      attempts: 1,
    });
    expect(logged!.body).toBe(got!.body);
    expect(logged!.log).toEqual([
      expect.objectContaining({
        attempt: 1,
        replay: false,
        responseStatus: 200,
        responseExcerpt: 'ok',
        error: null,
      }),
    ]);
    expect(logged!.log[0]!.requestHeaders['webhook-id']).toBe(got!.id);
  });

  it('delivers within about a second on Node: the process deliverer, no minute tick', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await subscribe(sessions.admin);
    const stop = startNodeDeliverer(t.deps, t.db);
    try {
      const started = Date.now();
      const leadId = await submitLead(org, 'Promptova');
      await expect
        .poll(() => receiver.verified().length, { timeout: 2_500, interval: 50 })
        .toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(receiver.verified()[0]!.verified).toMatchObject({ data: { lead: { id: leadId } } });
    } finally {
      stop();
    }
  });

  it('adds the lead’s current personal data for an endpoint that asked for it, and none once erased', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const create = async (path: string, includePersonalData?: boolean) =>
      body<Created & { includePersonalData: boolean }>(
        await call(t, sessions.admin, 'POST', '/api/webhook-subscriptions', {
          url: `${receiver.url}${path}`,
          eventTypes: ['lead.created'],
          ...(includePersonalData === undefined ? {} : { includePersonalData }),
        }),
        201,
      );
    const on = await create('/with-person', true);
    const off = await create('/without-person');
    expect([on.includePersonalData, off.includePersonalData]).toEqual([true, false]);
    receiver.secrets = [on.secret, off.secret];
    const [audited] = await t.sql<{ data: { includePersonalData: boolean } }>(
      `select data from lead_events where entity_type = 'webhook_subscription' and entity_id = $1`,
      [on.id],
    );
    expect(audited!.data.includePersonalData).toBe(true);

    const res = await call(t, null, 'POST', `/v1/forms/${org.formId}/submissions`, {
      firstName: 'Petra',
      lastName: 'Personova',
      email: 'petra.personova@example.test',
      phone: '+420 601 123 456',
      company: 'Persona s.r.o.',
    });
    expect(res.status).toBe(201);
    await deliverDue(t.deps, t.db, new Date());
    const withPerson = receiver.verified().filter((r) => r.path === '/with-person');
    const without = receiver.verified().filter((r) => r.path === '/without-person');
    expect(withPerson).toHaveLength(1);
    expect(without).toHaveLength(1);
    const sent = withPerson[0]!.verified as { data: { lead: { id: string }; person?: unknown } };
    expect(sent.data.person).toEqual({
      firstName: 'Petra',
      lastName: 'Personova',
      email: 'petra.personova@example.test',
      phone: '+420601123456',
      company: 'Persona s.r.o.',
    });
    expect((without[0]!.verified as { data: object }).data).not.toHaveProperty('person');
    expect(without[0]!.body.toLowerCase()).not.toContain('personova');
    // The delivery log keeps the body without the person.
    const [logged] = await messages(sessions.admin, on.id);
    expect(logged!.body.toLowerCase()).not.toContain('personova');

    // A lead erased before its message goes out: the body is built at send time, so the erasure wins.
    const erasedId = await submitLead(org, 'Erasova');
    const erased = await call(t, sessions.owner, 'POST', `/api/leads/${erasedId}/erase`);
    expect(erased.status).toBe(200);
    receiver.received.length = 0;
    await deliverDue(t.deps, t.db, new Date());
    const late = receiver.verified().find((r) => r.path === '/with-person');
    expect(late!.verified).toMatchObject({ type: 'lead.created', data: { lead: { id: erasedId } } });
    expect((late!.verified as { data: object }).data).not.toHaveProperty('person');
    expect(late!.body.toLowerCase()).not.toContain('erasova');

    // The option is switched by an update, audited with before and after.
    const updated = await body<{ includePersonalData: boolean }>(
      await call(t, sessions.admin, 'PATCH', `/api/webhook-subscriptions/${on.id}`, {
        includePersonalData: false,
      }),
    );
    expect(updated.includePersonalData).toBe(false);
    const [change] = await t.sql<{ data: { changes: Record<string, unknown> } }>(
      `select data from lead_events where entity_type = 'webhook_subscription' and entity_id = $1
        and type = 'webhook_subscription.updated'`,
      [on.id],
    );
    expect(change!.data.changes).toEqual({ includePersonalData: { from: true, to: false } });
  });

  it('enqueues only the subscribed types, in the transaction of the change', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const sub = await subscribe(sessions.admin, ['lead.status_changed', 'lead.assigned']);
    const leadId = await submitLead(org, 'Typova');
    const lead = await body<{ version: number }>(
      await call(t, sessions.admin, 'GET', `/api/leads/${leadId}`),
    );
    await body(
      await call(
        t,
        sessions.admin,
        'POST',
        `/api/leads/${leadId}/status`,
        { status: 'CONTACTED' },
        {
          'if-match': `"${lead.version}"`,
        },
      ),
    );
    const queued = await t.sql<{ event_type: string; payload: { data: Record<string, unknown> } }>(
      'select event_type, payload from webhook_messages where subscription_id = $1 order by seq',
      [sub.id],
    );
    expect(queued.map((m) => m.event_type)).toEqual(['lead.status_changed']);
    expect(queued[0]!.payload.data).toMatchObject({ from: 'NEW', to: 'CONTACTED', lead: { id: leadId } });
  });

  it('maps lead events onto webhook types in one place (the database function), case by case', async () => {
    const cases: Array<[string, string, Record<string, unknown>, string | null]> = [
      ['lead', 'created', {}, 'lead.created'],
      ['lead', 'imported', { outcome: 'created' }, 'lead.created'],
      ['lead', 'imported', { outcome: 'updated' }, 'lead.updated'],
      ['lead', 'updated', {}, 'lead.updated'],
      ['lead', 'resubmitted', {}, 'lead.updated'],
      ['lead', 'tags_changed', {}, 'lead.updated'],
      ['lead', 'status_changed', {}, 'lead.status_changed'],
      ['lead', 'assigned', {}, 'lead.assigned'],
      ['lead', 'claimed', {}, 'lead.assigned'],
      ['lead', 'converted', {}, 'lead.converted'],
      ['lead', 'merged', {}, 'lead.merged'],
      ['lead', 'merged_into', {}, null],
      ['lead', 'erased', {}, 'lead.erased'],
      ['lead', 'note_added', {}, null],
      ['lead', 'exported', {}, null],
      ['opportunity', 'updated', {}, null],
      ['import_job', 'import.committed', {}, 'import.completed'],
      ['webhook_subscription', 'webhook_subscription.created', {}, null],
    ];
    const rows = await t.sql<{ type: string | null }>(
      `select lg_webhook_event_type(c->>0, c->>1, c->2) as type from jsonb_array_elements($1::jsonb) c`,
      [JSON.stringify(cases)],
    );
    expect(rows.map((r) => r.type)).toEqual(cases.map((c) => c[3]));
    // Every type the trigger can produce is one a subscription may ask for, and the other way round.
    expect([...new Set(cases.map((c) => c[3]).filter(Boolean))].sort()).toEqual(
      [...WEBHOOK_EVENT_TYPES].sort(),
    );
  });

  it('retries a failing endpoint with backoff, keeps a lead in order, and replays from the log', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const sub = await subscribe(sessions.admin, ['lead.created', 'lead.status_changed']);
    const leadId = await submitLead(org, 'Retryova');
    const lead = await body<{ version: number }>(
      await call(t, sessions.admin, 'GET', `/api/leads/${leadId}`),
    );
    await body(
      await call(
        t,
        sessions.admin,
        'POST',
        `/api/leads/${leadId}/status`,
        { status: 'CONTACTED' },
        {
          'if-match': `"${lead.version}"`,
        },
      ),
    );
    const t0 = new Date(Date.now() + 1000);
    receiver.answers.push(500, 503);

    // The first attempt fails; the lead's later event waits behind it.
    expect(await deliverAt(t0)).toEqual({ delivered: 0, failed: 1 });
    const due = async () =>
      t.sql<{ event_type: string; attempts: number; next: Date; status: string }>(
        `select event_type, attempts, next_attempt_at as next, status from webhook_messages
         where subscription_id = $1 order by seq`,
        [sub.id],
      );
    let [created, changed] = await due();
    expect(created).toMatchObject({ attempts: 1, status: 'pending' });
    const wait1 = (created!.next.getTime() - t0.getTime()) / 1000;
    expect(wait1).toBeGreaterThanOrEqual(4);
    expect(wait1).toBeLessThanOrEqual(6);
    expect(changed).toMatchObject({ attempts: 0, status: 'pending' });

    // Not yet due: nothing is sent. Then the second attempt fails and waits longer (about 30 s).
    expect(await deliverAt(new Date(t0.getTime() + 2000))).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverAt(new Date(t0.getTime() + 7000))).toEqual({ delivered: 0, failed: 1 });
    [created] = await due();
    const wait2 = (created!.next.getTime() - t0.getTime() - 7000) / 1000;
    expect(wait2).toBeGreaterThanOrEqual(24);
    expect(wait2).toBeLessThanOrEqual(36);

    // The endpoint recovers: the created event goes, then the status change, in that order.
    expect(await deliverAt(new Date(t0.getTime() + 60_000))).toEqual({ delivered: 2, failed: 0 });
    const types = receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toEqual(['lead.created', 'lead.created', 'lead.created', 'lead.status_changed']);
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);

    // Replay from the log: a new attempt with the same webhook-id and body, verified by the reference library.
    const [, first] = await messages(sessions.admin, sub.id);
    expect(first).toMatchObject({ eventType: 'lead.created', status: 'delivered', attempts: 3 });
    receiver.received.length = 0;
    const replay = await body<{ ok: boolean; attempt: number; status: number }>(
      await call(t, sessions.admin, 'POST', `/api/webhook-messages/${first!.id}/replay`),
    );
    expect(replay).toEqual({ ok: true, attempt: 4, status: 200, error: null });
    expect(receiver.verified().map((r) => [r.id, r.body])).toEqual([[first!.id, first!.body]]);
    const [, again] = await messages(sessions.admin, sub.id);
    expect(again!.log.map((a) => [a.attempt, a.replay, a.responseStatus])).toEqual([
      [4, true, 200],
      [3, false, 200],
      [2, false, 503],
      [1, false, 500],
    ]);
    const [audit] = await t.sql<{ type: string; entity_id: string }>(
      `select type, entity_id from lead_events where organization_id = $1 and type = 'webhook_message.replayed'`,
      [org.organizationId],
    );
    expect(audit).toEqual({ type: 'webhook_message.replayed', entity_id: first!.id });
  });

  it('disables an endpoint that fails for three days and emails the admins and owners', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const sub = await subscribe(sessions.admin);
    await submitLead(org, 'Downova');
    const t0 = new Date(Date.now() + 1000);
    receiver.answers.push(...Array(20).fill(500));
    let at = t0;
    for (let i = 0; i < 40; i++) {
      await deliverAt(at);
      const [s] = await t.sql<{ enabled: boolean }>(
        'select enabled from webhook_subscriptions where id = $1',
        [sub.id],
      );
      if (!s!.enabled) break;
      at = new Date(at.getTime() + 6 * 3600_000);
    }
    const [state] = await t.sql<{ enabled: boolean; disabled_reason: string; failing_since: Date }>(
      'select enabled, disabled_reason, failing_since from webhook_subscriptions where id = $1',
      [sub.id],
    );
    expect(state).toMatchObject({ enabled: false, disabled_reason: 'failing' });
    const failedFor = at.getTime() - state!.failing_since.getTime();
    expect(failedFor).toBeGreaterThanOrEqual(3 * 24 * 3600_000);
    expect(failedFor).toBeLessThan(4 * 24 * 3600_000);
    const mails = await t.sql<{ payload: { template: string; userId: string; url: string } }>(
      `select payload from outbox where organization_id = $1 and payload->>'template' = 'webhook-disabled'`,
      [org.organizationId],
    );
    expect(mails.map((m) => m.payload.userId).sort()).toEqual(
      [org.users.admin.id, org.users.owner.id].sort(),
    );
    expect(mails[0]!.payload.url).toBe(`${receiver.url}/hook`);
    // A disabled endpoint gets nothing, until an admin enables it again.
    const before = receiver.received.length;
    await deliverAt(new Date(at.getTime() + 24 * 3600_000));
    expect(receiver.received.length).toBe(before);
    const enabled = await body<{ enabled: boolean; disabledReason: null; failingSince: null }>(
      await call(t, sessions.admin, 'PATCH', `/api/webhook-subscriptions/${sub.id}`, { enabled: true }),
    );
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it('signs with both secrets while a rotation overlaps, then with the new one only', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const sub = await subscribe(sessions.admin);
    const rotated = await body<{ secret: string; secretCount: number }>(
      await call(t, sessions.admin, 'POST', `/api/webhook-subscriptions/${sub.id}/secrets`),
      201,
    );
    expect(rotated.secretCount).toBe(2);
    receiver.secrets = [sub.secret, rotated.secret];
    await submitLead(org, 'Rotova');
    await deliverDue(t.deps, t.db, new Date());
    expect(receiver.received[0]!.signature.split(' ')).toHaveLength(2);
    expect(receiver.received[0]!.verifiedBy).toEqual([0, 1]);

    expect(
      (await call(t, sessions.admin, 'DELETE', `/api/webhook-subscriptions/${sub.id}/secrets/old`)).status,
    ).toBe(204);
    await submitLead(org, 'Rotovb');
    await deliverDue(t.deps, t.db, new Date());
    expect(receiver.received[1]!.verifiedBy).toEqual([1]);

    // The secret is shown once: never listed, stored encrypted.
    const list = await body<{ items: Array<Record<string, unknown>> }>(
      await call(t, sessions.admin, 'GET', '/api/webhook-subscriptions'),
    );
    expect(list.items[0]).toMatchObject({ id: sub.id, secretCount: 1 });
    expect(JSON.stringify(list)).not.toContain('whsec_');
    const stored = await t.sql(
      'select secret_ciphertexts::text as s from webhook_subscriptions where id = $1',
      [sub.id],
    );
    expect(JSON.stringify(stored)).not.toContain(rotated.secret.slice(6, 20));
    const audit = await t.sql<{ type: string }>(
      `select type from lead_events where organization_id = $1 and entity_type = 'webhook_subscription' order by id`,
      [org.organizationId],
    );
    expect(audit.map((a) => a.type)).toEqual([
      'webhook_subscription.created',
      'webhook_subscription.secret_added',
      'webhook_subscription.old_secrets_dropped',
    ]);
  });

  it('follows no redirect, caps the response excerpt and gives up on a silent endpoint', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const redirect = await subscribe(sessions.admin, ['lead.created'], '/redirect');
    const big = await subscribe(sessions.admin, ['lead.created'], '/big');
    const slow = await subscribe(sessions.admin, ['lead.created'], '/slow');
    await submitLead(org, 'Edgova');
    const quick = { ...t.deps, webhooks: { ...t.deps.webhooks!, send: nodeTransport(true, 300) } };
    expect(await deliverDue(quick, t.db, new Date())).toEqual({ delivered: 1, failed: 2 });
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/big', '/redirect', '/slow']);
    const attempt = async (id: string) => (await messages(sessions.admin, id))[0]!.log[0]!;
    expect(await attempt(redirect.id)).toMatchObject({ responseStatus: 302, error: 'redirect' });
    expect((await attempt(big.id)).responseExcerpt).toHaveLength(2048);
    expect(await attempt(slow.id)).toMatchObject({ responseStatus: null, error: 'timeout' });
  });

  describe('the SSRF guard', () => {
    let admin: Session;
    let strict: ReturnType<typeof createApp>;
    let org: TestOrg;
    beforeAll(async () => {
      ({
        org,
        sessions: { admin },
      } = await orgWithSessions(t));
      // Outside tests: no loopback, and names are resolved (localhost → 127.0.0.1).
      strict = createApp({ ...t.deps, webhooks: { ...t.deps.webhooks!, allowLoopback: false } });
    });

    it.each([
      ['http://hooks.example.com/leadgate', 'not_https'],
      ['https://127.0.0.1/hook', 'private_address'],
      ['https://localhost/hook', 'private_address'],
      ['https://10.0.0.7/hook', 'private_address'],
      ['https://192.168.0.10/hook', 'private_address'],
      ['https://169.254.169.254/latest/meta-data/', 'private_address'],
      ['https://[::1]/hook', 'private_address'],
      ['https://[fe80::1]/hook', 'private_address'],
      ['https://[fd00::1]/hook', 'private_address'],
      ['https://metadata.google.internal/', 'private_address'],
      ['https://user:secret@hooks.example.com/', 'invalid_url'],
      ['nonsense', 'invalid_url'],
      [`https://hooks.example.com/${'a'.repeat(1980)}`, 'too_big'],
    ])('%s → 422, nothing saved', async (url, code) => {
      const res = await strict.request('/api/webhook-subscriptions', {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ url, eventTypes: ['lead.created'] }),
      });
      const problem = await body<{ errors: Array<{ pointer: string; code: string }> }>(res, 422);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/url', code })]);
      const rows = await t.sql('select 1 from webhook_subscriptions where organization_id = $1', [
        org.organizationId,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('refuses an unknown event type and an empty list with pointers', async () => {
      const res = await call(t, admin, 'POST', '/api/webhook-subscriptions', {
        url: 'https://hooks.example.com/x',
        eventTypes: ['lead.created', 'lead.exploded'],
      });
      const problem = await body<{ errors: Array<{ pointer: string }> }>(res, 422);
      expect(problem.errors.map((e) => e.pointer)).toEqual(['/eventTypes/1']);
      const empty = await call(t, admin, 'POST', '/api/webhook-subscriptions', {
        url: 'https://hooks.example.com/x',
        eventTypes: [],
      });
      expect((await body<{ errors: Array<{ pointer: string }> }>(empty, 422)).errors[0]!.pointer).toBe(
        '/eventTypes',
      );
    });
  });

  describe('who may', () => {
    it('lets only admins and owners in; another organization’s ids are not found', async () => {
      const { sessions } = await orgWithSessions(t);
      const other = await orgWithSessions(t);
      const sub = await subscribe(other.sessions.owner);
      for (const role of ['member', 'viewer'] as const) {
        expect((await call(t, sessions[role], 'GET', '/api/webhook-subscriptions')).status).toBe(403);
        expect((await call(t, sessions[role], 'GET', '/api/webhook-messages')).status).toBe(403);
        const create = await call(t, sessions[role], 'POST', '/api/webhook-subscriptions', {
          url: `${receiver.url}/hook`,
          eventTypes: ['lead.created'],
        });
        expect(create.status).toBe(403);
      }
      expect((await call(t, sessions.owner, 'GET', '/api/webhook-subscriptions')).status).toBe(200);
      expect(
        (await call(t, sessions.admin, 'PATCH', `/api/webhook-subscriptions/${sub.id}`, { enabled: false }))
          .status,
      ).toBe(404);
      expect(
        (await call(t, sessions.admin, 'POST', `/api/webhook-subscriptions/${sub.id}/secrets`)).status,
      ).toBe(404);
      expect((await call(t, sessions.admin, 'DELETE', `/api/webhook-subscriptions/${sub.id}`)).status).toBe(
        404,
      );
      const [m] = await t.sql<{ id: string }>(
        `insert into webhook_messages (id, organization_id, subscription_id, event_type, payload)
       select 'msg_foreign', organization_id, id, 'lead.created', '{}' from webhook_subscriptions where id = $1 returning id`,
        [sub.id],
      );
      expect((await call(t, sessions.admin, 'POST', `/api/webhook-messages/${m!.id}/replay`)).status).toBe(
        404,
      );
      expect(
        (await body<{ items: unknown[] }>(await call(t, sessions.admin, 'GET', '/api/webhook-messages')))
          .items,
      ).toEqual([]);
    });

    it('documents every event type in the OpenAPI webhooks section', async () => {
      const doc = (await (await t.app.request('/openapi.json')).json()) as {
        webhooks: Record<string, { post: { requestBody: unknown } }>;
      };
      expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
      expect(JSON.stringify(doc.webhooks['lead.created'])).toContain('webhook-signature');
      // The optional person of endpoints with personal data, on every lead event but the erasure.
      const schemas = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components
        .schemas;
      expect(Object.keys((schemas.WebhookPerson as { properties: object }).properties)).toEqual(
        expect.arrayContaining(['firstName', 'lastName', 'email', 'phone', 'company', 'title', 'country']),
      );
      expect(JSON.stringify(schemas.Webhook_lead_created)).toContain('#/components/schemas/WebhookPerson');
      expect(JSON.stringify(schemas.Webhook_lead_erased)).not.toContain('WebhookPerson');
    });
  });
});
