import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/connect';
import { notes } from '../../db/schema';
import { DEFAULT_SCORING_RULES } from '../../edge/core/score';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { JOBS } from '../../edge/jobs';
import { runDueJobs } from '../../edge/jobs/run-due';
import { inProcessRunner, runImportCommit } from '../../edge/services/import/run';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { createSubscription } from '../../edge/services/outgoing-webhooks/subscriptions';
import { PASSWORD, sessionAuth, setupApi, type TestApi, type TestOrg } from '../support/api';
import { invitationToken, newcomer, resetToken, signupToken } from '../support/people';
import { call, orgWithSessions, type Session, seedLead } from '../support/workspace';

/**
 * Every mutation endpoint once on the embedded database, wired as `npm start` wires it (PGlite, one
 * connection shared by requests and the group commit): none may wait on a connection its own transaction
 * holds. Each call gets a deadline; a hang fails the test instead of freezing the suite, and the server
 * must still answer /healthz afterwards.
 */
let t: TestApi;
let org: TestOrg;
let owner: Session;
// Task cases act as the admin: the owner's requests alone come near the per-caller rate limit.
let admin: Session;

const DEADLINE_MS = 15_000;

beforeAll(async () => {
  t = await setupApi({}, { database: 'pglite' });
  // The sign-up endpoints answer 404 unless the server allows sign-up. The walk sends every mutation route
  // as a few callers, far past the per-caller limit of 100 a minute (tested on its own in rate-limits).
  t.deps.config = { ...t.deps.config, allowSignup: true, apiPerMinute: 1_000 };
  t.deps.jobs = inProcessRunner(
    (m) => runImportCommit(t.deps, t.db, m),
    (error) => console.error('import commit failed', error),
  );
  const arranged = await orgWithSessions(t);
  org = arranged.org;
  owner = arranged.sessions.owner;
  admin = arranged.sessions.admin;
}, 120_000);
afterAll(() => t?.close());

/** Answers within the deadline, or fails naming the call (PGlite cannot be interrupted: the test stops). */
async function inTime(name: string, request: Response | Promise<Response>): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer in ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([request, hung]);
  } finally {
    clearTimeout(timer);
  }
}

async function json<T>(res: Response): Promise<T> {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as T;
}

const lead = (lastName: string, columns: Parameters<typeof seedLead>[3] = {}) =>
  seedLead(
    t,
    org,
    { lastName, email: `${lastName.toLowerCase()}.${t.deps.newId('x')}@example.test` },
    columns,
  );

function multipart(name: string, body: BlobPart, type = 'text/plain'): FormData {
  const form = new FormData();
  form.append('file', new Blob([body], { type }), name);
  return form;
}

const upload = (path: string, form: FormData) =>
  t.app.request(path, { method: 'POST', headers: owner.headers, body: form });

async function importJob(): Promise<string> {
  const csv = 'First Name,Last Name,Email\nJana,Importová,jana.import@example.test\n';
  const job = await json<{ id: string }>(await upload('/api/leads/imports', multipart('leads.csv', csv)));
  await json(await call(t, owner, 'GET', `/api/leads/imports/${job.id}/preview`));
  return job.id;
}

async function quarantined(): Promise<string> {
  const res = await call(t, null, 'POST', `/v1/forms/${org.formId}/submissions`, {
    lastName: 'Bot',
    email: 'bot@example.com',
    lg_hp: 'x',
  });
  expect(res.status).toBe(201);
  const [row] = await t.sql<{ id: string }>(
    'select id from quarantined_submissions where organization_id = $1 and released_at is null limit 1',
    [org.organizationId],
  );
  return row!.id;
}

async function note(leadId: string): Promise<string> {
  const id = t.deps.newId('note');
  await t.db
    .insert(notes)
    .values({ id, organizationId: org.organizationId, leadId, authorId: org.users.owner.id, body: 'hi' });
  return id;
}

async function webhookSource() {
  return createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), { name: 'Zap', adapter: 'leadgate' });
}

/** An outgoing webhook endpoint (nothing listens on port 9) with one message in its log. */
async function outgoingWebhook() {
  const sub = await createSubscription(t.deps, t.db, sessionAuth(org, 'admin'), {
    url: 'http://127.0.0.1:9/hook',
    eventTypes: ['lead.created'],
  });
  const messageId = t.deps.newId('msg');
  await t.sql(
    `insert into webhook_messages (id, organization_id, subscription_id, event_type, payload)
     values ($1, $2, $3, 'lead.created', '{"type":"lead.created"}')`,
    [messageId, org.organizationId, sub.id],
  );
  return { id: sub.id, messageId };
}

async function savedView(): Promise<string> {
  return (
    await json<{ id: string }>(await call(t, owner, 'POST', '/api/saved-views', { name: 'Hot', filter: {} }))
  ).id;
}

async function notification(): Promise<string> {
  const id = await lead('Notified');
  await call(t, owner, 'POST', `/api/leads/${id}/assign`, { assigneeId: org.users.member.id });
  const [row] = await t.sql<{ id: string }>(
    'select id from notifications where organization_id = $1 and user_id = $2 limit 1',
    [org.organizationId, org.users.member.id],
  );
  return row!.id;
}

async function mergedPair(): Promise<{ master: string; dup: string }> {
  return { master: await lead('Master'), dup: await lead('Duplicate') };
}

/** An open invitation of the organization, and its emailed token. */
async function invitation(): Promise<{ id: string; token: string }> {
  const email = `${t.deps.newId('inv').toLowerCase()}@example.test`;
  const created = await json<{ id: string }>(
    await call(t, owner, 'POST', '/api/invitations', { email, role: 'viewer' }),
  );
  return { id: created.id, token: await invitationToken(t, org.organizationId, email) };
}

/** A member who joined by invitation, to change without touching the sessions the other cases use. */
const joined = () =>
  newcomer(t, owner, org.organizationId, `${t.deps.newId('new').toLowerCase()}@example.test`);

/** Single sign-on settings; the provider is not contacted until someone signs in. */
const ssoSettings = {
  issuer: 'https://idp.example.test',
  clientId: 'leadgate',
  clientSecret: 'client secret',
  allowedDomains: ['example.test'],
  newPeople: 'member',
};
/** A member who joined by invitation, with the address they joined with. */
async function joinedEmail(): Promise<{ email: string; userId: string }> {
  const email = `${t.deps.newId('new').toLowerCase()}@example.test`;
  const session = await newcomer(t, owner, org.organizationId, email);
  return { email, userId: session.userId };
}

/** A sign-up proof for a new address, its token read from the outbox. */
async function signupProof(): Promise<string> {
  const email = `${t.deps.newId('signup').toLowerCase()}@example.test`;
  const asked = await call(t, null, 'POST', '/api/signup', { email });
  expect(asked.status).toBe(202);
  return signupToken(t, email);
}

/** A team of the organization with the member in it. */
async function team(): Promise<string> {
  const created = await json<{ id: string }>(
    await call(t, admin, 'POST', '/api/teams', { name: `Team ${t.deps.newId('t')}` }),
  );
  await json(
    await call(t, admin, 'PUT', `/api/teams/${created.id}/members/${org.users.member.id}`, { senior: false }),
  );
  return created.id;
}

type Case = { status: number; send: () => Response | Promise<Response> };

/** Keyed by the route as Hono lists it: a new mutation endpoint without a case fails the coverage test. */
/** A task on a new lead, made through the API. */
async function task(lastName: string): Promise<string> {
  const res = await call(t, admin, 'POST', `/api/leads/${await lead(lastName)}/tasks`, {});
  return (await json<{ id: string }>(res)).id;
}

const CASES: Record<string, Case> = {
  'POST /api/session': {
    status: 200,
    send: async () => {
      const refused = await call(t, null, 'POST', '/api/session', {
        email: org.users.viewer.email,
        password: 'wrong password',
      });
      expect(refused.status).toBe(401);
      return call(t, null, 'POST', '/api/session', { email: org.users.viewer.email, password: PASSWORD });
    },
  },
  'DELETE /api/session': {
    status: 204,
    send: async () => {
      const res = await call(t, null, 'POST', '/api/session', {
        email: org.users.viewer.email,
        password: PASSWORD,
      });
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      return t.app.request('/api/session', {
        method: 'DELETE',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
    },
  },
  'POST /api/leads': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/leads', { lastName: 'Api', email: 'api.lead@example.test' }),
  },
  'POST /v1/forms/:formId/submissions': {
    status: 201,
    send: () =>
      call(t, null, 'POST', `/v1/forms/${org.formId}/submissions`, {
        lastName: 'Formová',
        email: 'form.lead@example.test',
      }),
  },
  'POST /v1/hooks/:sourceId': {
    status: 201,
    send: async () => {
      const src = await webhookSource();
      const body = JSON.stringify({ lastName: 'Hooked', email: 'hooked@example.test' });
      const at = Math.floor(Date.now() / 1000);
      return t.app.request(`/v1/hooks/${src.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_embedded',
          'webhook-timestamp': String(at),
          'webhook-signature': await signWebhook(src.secret, 'msg_embedded', at, body),
        },
        body,
      });
    },
  },
  'POST /api/api-keys': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/api-keys', { name: 'CI', role: 'member', scopes: ['submit'] }),
  },
  'DELETE /api/api-keys/:id': {
    status: 204,
    send: async () => {
      const key = await json<{ id: string }>(
        await call(t, owner, 'POST', '/api/api-keys', { name: 'Old', role: 'member', scopes: ['submit'] }),
      );
      return call(t, owner, 'DELETE', `/api/api-keys/${key.id}`);
    },
  },
  'POST /api/webhook-sources': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/webhook-sources', { name: 'HubSpot', adapter: 'hubspot' }),
  },
  'POST /api/webhook-sources/:id/secrets': {
    status: 201,
    send: async () => call(t, owner, 'POST', `/api/webhook-sources/${(await webhookSource()).id}/secrets`),
  },
  'DELETE /api/webhook-sources/:id/secrets/old': {
    status: 204,
    send: async () =>
      call(t, owner, 'DELETE', `/api/webhook-sources/${(await webhookSource()).id}/secrets/old`),
  },
  'POST /api/webhook-subscriptions': {
    status: 201,
    send: () =>
      call(t, owner, 'POST', '/api/webhook-subscriptions', {
        url: 'https://hooks.example.com/leadgate',
        eventTypes: ['lead.created', 'lead.updated'],
      }),
  },
  'PATCH /api/webhook-subscriptions/:id': {
    status: 200,
    send: async () =>
      call(t, owner, 'PATCH', `/api/webhook-subscriptions/${(await outgoingWebhook()).id}`, {
        enabled: false,
      }),
  },
  'DELETE /api/webhook-subscriptions/:id': {
    status: 204,
    send: async () => call(t, owner, 'DELETE', `/api/webhook-subscriptions/${(await outgoingWebhook()).id}`),
  },
  'POST /api/webhook-subscriptions/:id/secrets': {
    status: 201,
    send: async () =>
      call(t, owner, 'POST', `/api/webhook-subscriptions/${(await outgoingWebhook()).id}/secrets`),
  },
  'DELETE /api/webhook-subscriptions/:id/secrets/old': {
    status: 204,
    send: async () =>
      call(t, owner, 'DELETE', `/api/webhook-subscriptions/${(await outgoingWebhook()).id}/secrets/old`),
  },
  'POST /api/webhook-messages/:id/replay': {
    status: 200,
    send: async () =>
      call(t, owner, 'POST', `/api/webhook-messages/${(await outgoingWebhook()).messageId}/replay`),
  },
  'POST /api/webhook-sources/:id/rotate': {
    status: 201,
    send: async () =>
      call(t, owner, 'POST', `/api/webhook-sources/${(await webhookSource()).id}/rotate`, {
        oldSecretValidUntil: new Date(Date.now() + 3_600_000).toISOString(),
      }),
  },
  'DELETE /api/webhook-sources/:id': {
    status: 204,
    send: async () => call(t, owner, 'DELETE', `/api/webhook-sources/${(await webhookSource()).id}`),
  },
  'PUT /api/scoring-rules': {
    status: 200,
    send: () => call(t, owner, 'PUT', '/api/scoring-rules', DEFAULT_SCORING_RULES),
  },
  'POST /api/scoring/versions': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/scoring/versions', DEFAULT_SCORING_RULES),
  },
  'POST /api/scoring/versions/:version/restore': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/scoring/versions/1/restore'),
  },
  'POST /api/scoring/preview': {
    status: 200,
    send: () => call(t, owner, 'POST', '/api/scoring/preview', DEFAULT_SCORING_RULES),
  },
  'PUT /api/routing-rules': {
    status: 200,
    send: () =>
      call(t, owner, 'PUT', '/api/routing-rules', {
        rules: [
          {
            name: 'All to admin',
            enabled: true,
            condition: {},
            action: { type: 'user', userId: org.users.admin.id },
          },
        ],
      }),
  },
  'POST /api/routing-rules/explain': {
    status: 200,
    send: () => call(t, owner, 'POST', '/api/routing-rules/explain', { lead: { source: 'Web', score: 50 } }),
  },
  'POST /api/routing-rules/replay': {
    status: 200,
    send: () => call(t, owner, 'POST', '/api/routing-rules/replay', { dryRun: false }),
  },
  'PUT /api/members/:userId/away': {
    status: 200,
    send: () =>
      call(t, owner, 'PUT', `/api/members/${org.users.member.id}/away`, { until: '2030-01-01T09:00:00Z' }),
  },
  'POST /api/quarantine/:id/release': {
    status: 200,
    send: async () => call(t, owner, 'POST', `/api/quarantine/${await quarantined()}/release`),
  },
  'POST /api/quarantine/:id/discard': {
    status: 204,
    send: async () => call(t, owner, 'POST', `/api/quarantine/${await quarantined()}/discard`),
  },
  'POST /api/quarantine/bulk': {
    status: 200,
    send: async () =>
      call(t, owner, 'POST', '/api/quarantine/bulk', { action: 'release', ids: [await quarantined()] }),
  },
  'POST /api/forms': { status: 201, send: () => call(t, owner, 'POST', '/api/forms', { name: 'Webinar' }) },
  'PATCH /api/forms/:id': {
    status: 200,
    send: async () => {
      const form = await json<{ id: string }>(await call(t, owner, 'POST', '/api/forms', { name: 'Expo' }));
      return call(t, owner, 'PATCH', `/api/forms/${form.id}`, { name: 'Expo 2027' });
    },
  },
  'POST /api/forms/:id/disable': {
    status: 200,
    send: async () => {
      const form = await json<{ id: string }>(await call(t, owner, 'POST', '/api/forms', { name: 'Old' }));
      return call(t, owner, 'POST', `/api/forms/${form.id}/disable`);
    },
  },
  'POST /api/forms/:id/enable': {
    status: 200,
    send: async () => {
      const form = await json<{ id: string }>(await call(t, owner, 'POST', '/api/forms', { name: 'Back' }));
      await json(await call(t, owner, 'POST', `/api/forms/${form.id}/disable`));
      return call(t, owner, 'POST', `/api/forms/${form.id}/enable`);
    },
  },
  'POST /api/forms/:id/allowed-origins': {
    status: 200,
    send: async () => {
      // The refusal is remembered on the embedded database too, then allowed from the list in one call.
      const origin = 'https://refused.example.test';
      const refused = await t.app.request(`/v1/forms/${org.formId}`, { headers: { origin } });
      expect(refused.status).toBe(403);
      await expect
        .poll(
          async () =>
            (
              await json<{ items: unknown[] }>(
                await call(t, owner, 'GET', `/api/forms/${org.formId}/refused-origins`),
              )
            ).items,
        )
        .toEqual([expect.objectContaining({ origin, count: 1 })]);
      return call(t, owner, 'POST', `/api/forms/${org.formId}/allowed-origins`, { origin });
    },
  },
  'PATCH /api/leads/:id': {
    status: 200,
    send: async () =>
      call(t, owner, 'PATCH', `/api/leads/${await lead('Edited')}`, { version: 1, title: 'CTO' }),
  },
  'DELETE /api/leads/:id': {
    status: 204,
    send: async () => call(t, owner, 'DELETE', `/api/leads/${await lead('Deleted')}`),
  },
  'POST /api/leads/:id/status': {
    status: 200,
    send: async () =>
      call(t, owner, 'POST', `/api/leads/${await lead('Called')}/status`, { status: 'CONTACTED' }),
  },
  'POST /api/leads/:id/assign': {
    status: 200,
    send: async () =>
      call(t, owner, 'POST', `/api/leads/${await lead('Assigned')}/assign`, {
        assigneeId: org.users.member.id,
      }),
  },
  'POST /api/leads/:id/claim': {
    status: 200,
    send: async () => call(t, owner, 'POST', `/api/leads/${await lead('Claimed')}/claim`),
  },
  'POST /api/leads/:id/release': {
    status: 200,
    send: async () =>
      call(t, owner, 'POST', `/api/leads/${await lead('Released', { assignedTo: owner.userId })}/release`),
  },
  'POST /api/leads/:id/activities': {
    status: 201,
    send: async () =>
      call(t, owner, 'POST', `/api/leads/${await lead('Rang')}/activities`, {
        kind: 'call',
        outcome: 'no_answer',
      }),
  },
  'POST /api/leads/:id/tags': {
    status: 200,
    send: async () => call(t, owner, 'POST', `/api/leads/${await lead('Tagged')}/tags`, { tags: ['Hot'] }),
  },
  'DELETE /api/leads/:id/tags/:tag': {
    status: 200,
    send: async () =>
      call(t, owner, 'DELETE', `/api/leads/${await lead('Untagged', { tags: ['VIP'] })}/tags/VIP`),
  },
  'POST /api/leads/:id/notes': {
    status: 201,
    send: async () =>
      call(t, owner, 'POST', `/api/leads/${await lead('Noted')}/notes`, { body: 'Called, no answer' }),
  },
  'PATCH /api/leads/:id/notes/:noteId': {
    status: 200,
    send: async () => {
      const id = await lead('Renoted');
      return call(t, owner, 'PATCH', `/api/leads/${id}/notes/${await note(id)}`, { body: 'Called back' });
    },
  },
  'POST /api/leads/:id/tasks': {
    status: 201,
    send: async () => call(t, admin, 'POST', `/api/leads/${await lead('Tasked')}/tasks`, {}),
  },
  'PATCH /api/tasks/:id': {
    status: 200,
    send: async () => call(t, admin, 'PATCH', `/api/tasks/${await task('Retasked')}`, { title: 'Call' }),
  },
  'POST /api/tasks/:id/done': {
    status: 200,
    send: async () => call(t, admin, 'POST', `/api/tasks/${await task('Done')}/done`),
  },
  'DELETE /api/tasks/:id/done': {
    status: 200,
    send: async () => {
      const id = await task('Undone');
      await json(await call(t, admin, 'POST', `/api/tasks/${id}/done`));
      return call(t, admin, 'DELETE', `/api/tasks/${id}/done`);
    },
  },
  'POST /api/tasks/:id/snooze': {
    status: 200,
    send: async () =>
      call(t, admin, 'POST', `/api/tasks/${await task('Snoozed')}/snooze`, { preset: 'tomorrow' }),
  },
  'DELETE /api/tasks/:id': {
    status: 204,
    send: async () => call(t, admin, 'DELETE', `/api/tasks/${await task('Untasked')}`),
  },
  'DELETE /api/leads/:id/notes/:noteId': {
    status: 204,
    send: async () => {
      const id = await lead('Unnoted');
      return call(t, owner, 'DELETE', `/api/leads/${id}/notes/${await note(id)}`);
    },
  },
  'POST /api/leads/:id/documents': {
    status: 201,
    send: async () =>
      upload(`/api/leads/${await lead('Documented')}/documents`, multipart('hello.txt', 'hello')),
  },
  'DELETE /api/leads/:id/documents/:documentId': {
    status: 204,
    send: async () => {
      const id = await lead('Undocumented');
      const doc = await json<{ id: string }>(
        await upload(`/api/leads/${id}/documents`, multipart('hello.txt', 'hello')),
      );
      return call(t, owner, 'DELETE', `/api/leads/${id}/documents/${doc.id}`);
    },
  },
  'POST /api/saved-views': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/saved-views', { name: 'Mine', filter: {} }),
  },
  'PATCH /api/saved-views/:id': {
    status: 200,
    send: async () => call(t, owner, 'PATCH', `/api/saved-views/${await savedView()}`, { name: 'Renamed' }),
  },
  'DELETE /api/saved-views/:id': {
    status: 204,
    send: async () => call(t, owner, 'DELETE', `/api/saved-views/${await savedView()}`),
  },
  'POST /api/notifications/read-all': {
    status: 200,
    send: () => call(t, owner, 'POST', '/api/notifications/read-all'),
  },
  'POST /api/notifications/:id/read': {
    status: 200,
    send: async () => {
      const id = await notification();
      const member = await call(t, null, 'POST', '/api/session', {
        email: org.users.member.email,
        password: PASSWORD,
      });
      const { csrfToken } = (await member.json()) as { csrfToken: string };
      const cookie = member.headers.get('set-cookie')!.split(';')[0]!;
      return t.app.request(`/api/notifications/${id}/read`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
    },
  },
  'POST /api/duplicates/scan': {
    status: 200,
    send: async () => {
      await lead('Twin', { company: 'Twin Industries' });
      await seedLead(t, org, { lastName: 'Twin', company: 'Twin Industries', email: 'twin2@example.test' });
      return call(t, owner, 'POST', '/api/duplicates/scan');
    },
  },
  'POST /api/duplicates/:clusterId/dismiss': {
    status: 204,
    send: async () => {
      const pair = { firstName: 'Petra', lastName: 'Párová', company: 'Pair Logistics s.r.o.' };
      await seedLead(t, org, { ...pair, email: 'petra.parova@example.test' });
      await seedLead(t, org, { ...pair, email: 'p.parova@example.test' });
      await json(await call(t, owner, 'POST', '/api/duplicates/scan'));
      const list = await json<{ items: Array<{ id: string }> }>(
        await call(t, owner, 'GET', '/api/duplicates'),
      );
      return call(t, owner, 'POST', `/api/duplicates/${list.items[0]!.id}/dismiss`);
    },
  },
  'POST /api/leads/:id/erase': {
    status: 200,
    send: async () => call(t, owner, 'POST', `/api/leads/${await lead('Erased')}/erase`),
  },
  'POST /api/leads/merge': {
    status: 200,
    send: async () => {
      const { master, dup } = await mergedPair();
      return call(t, owner, 'POST', '/api/leads/merge', { masterId: master, mergedIds: [dup], fields: {} });
    },
  },
  'POST /api/leads/merges/:mergeId/undo': {
    status: 200,
    send: async () => {
      const { master, dup } = await mergedPair();
      const merged = await json<{ mergeId: string }>(
        await call(t, owner, 'POST', '/api/leads/merge', { masterId: master, mergedIds: [dup], fields: {} }),
      );
      return call(t, owner, 'POST', `/api/leads/merges/${merged.mergeId}/undo`);
    },
  },
  'POST /api/leads/bulk': {
    status: 200,
    send: async () =>
      call(t, owner, 'POST', '/api/leads/bulk', {
        action: 'status',
        selection: { ids: [await lead('Bulk1'), await lead('Bulk2')] },
        status: 'CONTACTED',
      }),
  },
  'POST /api/leads/bulk/:operationId/undo': {
    status: 200,
    send: async () => {
      const done = await json<{ operationId: string }>(
        await call(t, owner, 'POST', '/api/leads/bulk', {
          action: 'addTags',
          selection: { ids: [await lead('Bulk3')] },
          tags: ['Expo'],
        }),
      );
      return call(t, owner, 'POST', `/api/leads/bulk/${done.operationId}/undo`);
    },
  },
  'POST /api/leads/:id/convert': {
    status: 201,
    send: async () =>
      call(
        t,
        owner,
        'POST',
        `/api/leads/${await lead('Converted', { status: 'QUALIFIED', company: 'Acme' })}/convert`,
        {
          createAccount: true,
        },
      ),
  },
  'PATCH /api/opportunities/:id': {
    status: 200,
    send: async () => {
      const id = await lead('Opportunity', { status: 'QUALIFIED', company: 'Globex' });
      const converted = await json<{ opportunityId: string }>(
        await call(t, owner, 'POST', `/api/leads/${id}/convert`, { createAccount: true }),
      );
      return call(t, owner, 'PATCH', `/api/opportunities/${converted.opportunityId}`, {
        amount: 5,
        version: 1,
      });
    },
  },
  'POST /api/leads/imports/templates': {
    status: 201,
    send: () =>
      call(t, owner, 'POST', '/api/leads/imports/templates', {
        name: 'Expo',
        mapping: { Surname: 'lastName' },
      }),
  },
  'POST /api/leads/imports': {
    status: 201,
    send: () =>
      upload(
        '/api/leads/imports',
        multipart('leads.csv', 'Last Name,Email\nNovák,novak.import@example.test\n'),
      ),
  },
  'PUT /api/leads/imports/:id/mapping': {
    status: 200,
    send: async () =>
      call(t, owner, 'PUT', `/api/leads/imports/${await importJob()}/mapping`, {
        mapping: { 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email' },
        policy: 'overwrite',
      }),
  },
  'PUT /api/leads/imports/:id/possible-duplicates': {
    status: 200,
    send: async () =>
      call(t, owner, 'PUT', `/api/leads/imports/${await importJob()}/possible-duplicates`, {
        choice: 'skip',
      }),
  },
  'POST /api/leads/imports/:id/commit': {
    status: 202,
    send: async () => call(t, owner, 'POST', `/api/leads/imports/${await importJob()}/commit`),
  },
  'POST /api/leads/imports/:id/cancel': {
    status: 200,
    send: async () => call(t, owner, 'POST', `/api/leads/imports/${await importJob()}/cancel`),
  },
  // people: the setup is closed here (an organization exists), so it answers 404 whatever the token
  'POST /api/setup': {
    status: 404,
    send: () =>
      call(t, null, 'POST', '/api/setup', {
        token: 'x',
        organization: { name: 'Second', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
        owner: { name: 'Second', email: 'second@example.test', password: 'long enough password' },
      }),
  },
  'POST /api/invitations': {
    status: 201,
    send: () => call(t, owner, 'POST', '/api/invitations', { email: 'invited@example.test', role: 'member' }),
  },
  'POST /api/invitations/:id/resend': {
    status: 200,
    send: async () => call(t, owner, 'POST', `/api/invitations/${(await invitation()).id}/resend`),
  },
  'DELETE /api/invitations/:id': {
    status: 204,
    send: async () => call(t, owner, 'DELETE', `/api/invitations/${(await invitation()).id}`),
  },
  'POST /api/invitations/preview': {
    status: 200,
    send: async () =>
      call(t, null, 'POST', '/api/invitations/preview', { token: (await invitation()).token }),
  },
  'POST /api/invitations/accept': {
    status: 200,
    send: async () =>
      call(t, null, 'POST', '/api/invitations/accept', {
        token: (await invitation()).token,
        name: 'Nová',
        password: 'new member password',
      }),
  },
  'PATCH /api/members/:userId': {
    status: 200,
    send: async () => call(t, owner, 'PATCH', `/api/members/${(await joined()).userId}`, { role: 'admin' }),
  },
  'POST /api/members/:userId/deactivate': {
    status: 200,
    send: async () => {
      const member = await joined();
      await lead('Handed', { assignedTo: member.userId });
      return call(t, owner, 'POST', `/api/members/${member.userId}/deactivate`, {
        leads: { action: 'unassign' },
      });
    },
  },
  'POST /api/members/:userId/reactivate': {
    status: 200,
    send: async () => {
      const member = await joined();
      await json(
        await call(t, owner, 'POST', `/api/members/${member.userId}/deactivate`, {
          leads: { action: 'reassign', to: org.users.owner.id },
        }),
      );
      return call(t, owner, 'POST', `/api/members/${member.userId}/reactivate`);
    },
  },
  'DELETE /api/members/:userId': {
    status: 204,
    send: async () => call(t, owner, 'DELETE', `/api/members/${(await joined()).userId}`),
  },
  'DELETE /api/session/others': {
    status: 200,
    send: async () => call(t, await joined(), 'DELETE', '/api/session/others'),
  },
  'PATCH /api/account': {
    status: 200,
    send: async () =>
      call(t, await joined(), 'PATCH', '/api/account', { name: 'Nové jméno', language: 'cs' }),
  },
  'DELETE /api/account/sessions/:id': {
    status: 204,
    send: async () => {
      const email = `${t.deps.newId('new').toLowerCase()}@example.test`;
      const first = await newcomer(t, owner, org.organizationId, email);
      // A second session of the same person, ended from the first.
      const other = await call(t, null, 'POST', '/api/session', { email, password: 'newcomer password' });
      expect(other.status).toBe(200);
      const list = await json<{ items: Array<{ id: string; current: boolean }> }>(
        await call(t, first, 'GET', '/api/account/sessions'),
      );
      const target = list.items.find((s) => !s.current)!;
      return call(t, first, 'DELETE', `/api/account/sessions/${target.id}`);
    },
  },
  'POST /api/signup': {
    status: 202,
    send: () =>
      call(t, null, 'POST', '/api/signup', { email: `${t.deps.newId('s').toLowerCase()}@example.test` }),
  },
  'POST /api/signup/preview': {
    status: 200,
    send: async () => call(t, null, 'POST', '/api/signup/preview', { token: await signupProof() }),
  },
  'POST /api/signup/complete': {
    status: 201,
    send: async () =>
      call(t, null, 'POST', '/api/signup/complete', {
        token: await signupProof(),
        organization: { name: 'Signed Up s.r.o.', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
        owner: { name: 'Nová Majitelka', password: 'a long signup passphrase' },
      }),
  },
  'POST /api/teams': {
    status: 201,
    send: () => call(t, admin, 'POST', '/api/teams', { name: `Team ${t.deps.newId('t')}` }),
  },
  'PATCH /api/teams/:id': {
    status: 200,
    send: async () =>
      call(t, admin, 'PATCH', `/api/teams/${await team()}`, { name: `Renamed ${t.deps.newId('t')}` }),
  },
  'DELETE /api/teams/:id': {
    status: 204,
    send: async () => call(t, admin, 'DELETE', `/api/teams/${await team()}`),
  },
  'PUT /api/teams/:id/members/:userId': {
    status: 200,
    send: async () =>
      call(t, admin, 'PUT', `/api/teams/${await team()}/members/${org.users.member.id}`, { senior: true }),
  },
  'DELETE /api/teams/:id/members/:userId': {
    status: 200,
    send: async () => call(t, admin, 'DELETE', `/api/teams/${await team()}/members/${org.users.member.id}`),
  },
  'PATCH /api/organization': {
    status: 200,
    send: () => call(t, owner, 'PATCH', '/api/organization', { timezone: 'Europe/Prague', language: 'cs' }),
  },
  'PATCH /api/organization/data': {
    status: 200,
    send: () =>
      call(t, owner, 'PATCH', '/api/organization/data', {
        quarantineRetentionDays: 14,
        allowedOrigins: ['https://shop.example.com'],
      }),
  },
  'PUT /api/audit/settings': {
    status: 200,
    send: () => call(t, owner, 'PUT', '/api/audit/settings', { retentionDays: 730 }),
  },
  'POST /api/password-reset': {
    status: 202,
    send: async () => call(t, null, 'POST', '/api/password-reset', { email: (await joinedEmail()).email }),
  },
  'POST /api/password-reset/confirm': {
    status: 204,
    send: async () => {
      const member = await joinedEmail();
      const asked = await call(t, null, 'POST', '/api/password-reset', { email: member.email });
      expect(asked.status).toBe(202);
      const token = await resetToken(t, member.userId);
      return call(t, null, 'POST', '/api/password-reset/confirm', { token, password: 'a reset password' });
    },
  },
  'POST /api/account/password': {
    status: 204,
    send: async () =>
      call(t, await joined(), 'POST', '/api/account/password', {
        currentPassword: 'newcomer password',
        newPassword: 'another new password',
      }),
  },
  'PUT /api/sso': { status: 200, send: () => call(t, owner, 'PUT', '/api/sso', ssoSettings) },
  'DELETE /api/sso': {
    status: 204,
    send: async () => {
      await json(await call(t, owner, 'PUT', '/api/sso', ssoSettings));
      return call(t, owner, 'DELETE', '/api/sso');
    },
  },
};

describe('every mutation endpoint on the embedded database (PGlite, one connection)', () => {
  it('has a case for every mutation route the app serves', () => {
    const routes = new Set(
      t.app.routes
        .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...routes].filter((r) => !(r in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((c) => !routes.has(c))).toEqual([]);
  });

  it.each(Object.entries(CASES))('%s answers in time, without a server error', async (name, c) => {
    const res = await inTime(name, c.send());
    expect(res.status, await res.clone().text()).toBe(c.status);
    const health = await inTime('GET /healthz', t.app.request('/healthz'));
    expect(health.status).toBe(200);
  });

  it('runs every scheduled job once, in time, each succeeding', async () => {
    await lead('Stale', {
      createdAt: new Date('2026-01-05T09:00:00Z'),
      lastActivityAt: new Date('2026-01-05T09:00:00Z'),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcomes = await Promise.race([
      // Without their work checks, so the jobs with nothing to do run too (idle-tick.test.ts covers the checks).
      runDueJobs(
        t.deps,
        t.db,
        JOBS.map(({ hasWork: _, ...job }) => job),
        new Date(),
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the scheduled jobs did not finish in time')),
          DEADLINE_MS * 2,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    expect(outcomes.map((o) => o.name).sort()).toEqual(JOBS.map((j) => j.name).sort());
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect((await t.app.request('/healthz')).status).toBe(200);
  });
});

describe('an embedded database in memory', () => {
  it('takes every migration, its extensions included', async () => {
    const conn = await connect({ pgliteDir: null });
    try {
      await conn.migrate('db/migrations');
      const rows = (await conn.db.execute(
        sql`select similarity('Novák', 'Nowak') > 0 as similar`,
      )) as unknown as {
        rows: Array<{ similar: boolean }>;
      };
      expect(rows.rows).toEqual([{ similar: true }]);
    } finally {
      await conn.close();
    }
  });
});
