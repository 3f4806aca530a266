import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { pruneDeliveries, SIGNED_RING, UNSIGNED_RING } from '../../edge/services/admin/webhook-deliveries';
import { dropExpiredWebhookSecrets } from '../../edge/services/admin/webhook-sources';
import { setupApi, type TestApi } from '../support/api';
import { call, orgWithSessions, type Session } from '../support/workspace';

let t: TestApi;
let shiftMs = 0;
const now = () => new Date(Date.now() + shiftMs);
beforeAll(async () => {
  t = await setupApi({ now });
});
afterAll(() => t.close());

type Delivery = {
  receivedAt: string;
  messageId: string | null;
  outcome: string;
  leadId: string | null;
  leadOutcome: string | null;
  status: number;
  problem: { code: string; pointers: string[] } | null;
};

async function newSource(session: Session) {
  const res = await call(t, session, 'POST', '/api/webhook-sources', { name: 'Zapier', adapter: 'leadgate' });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

async function deliver(
  sourceId: string,
  secret: string,
  payload: unknown,
  opts: { id?: string; ageSeconds?: number } = {},
) {
  const body = JSON.stringify(payload);
  const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = Math.floor(now().getTime() / 1000) - (opts.ageSeconds ?? 0);
  return t.app.request(`/v1/hooks/${sourceId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': await signWebhook(secret, id, at, body),
    },
    body,
  });
}

async function deliveries(session: Session, sourceId: string): Promise<Delivery[]> {
  const res = await call(t, session, 'GET', `/api/webhook-sources/${sourceId}/deliveries`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Delivery[] }).items;
}

const otherSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const lead = (n: string) => ({ firstName: 'Jana', lastName: n, email: `${n.toLowerCase()}@example.cz` });

describe('the delivery log', () => {
  it('records each outcome with its lead or problem, newest first, and no personal data', async () => {
    const { sessions } = await orgWithSessions(t);
    const src = await newSource(sessions.admin);
    expect((await deliver(src.id, src.secret, lead('Accepted'), { id: 'msg_a' })).status).toBe(201);
    expect((await deliver(src.id, src.secret, lead('Accepted'), { id: 'msg_a' })).status).toBe(201);
    expect((await deliver(src.id, otherSecret, lead('Forged'), { id: 'msg_f' })).status).toBe(401);
    expect((await deliver(src.id, src.secret, lead('Late'), { id: 'msg_o', ageSeconds: 600 })).status).toBe(
      401,
    );
    const invalid = await deliver(src.id, src.secret, { firstName: 'Only', email: 'x' }, { id: 'msg_i' });
    expect(invalid.status).toBe(422);
    const log = await deliveries(sessions.admin, src.id);
    expect(log.map((d) => [d.messageId, d.outcome, d.status])).toEqual([
      ['msg_i', 'invalid_payload', 422],
      ['msg_o', 'too_old', 401],
      ['msg_f', 'signature_invalid', 401],
      ['msg_a', 'replayed', 201],
      ['msg_a', 'accepted', 201],
    ]);
    const [bad, , forged, replayed, accepted] = log;
    expect(accepted).toMatchObject({
      leadId: expect.stringMatching(/^lead_/),
      leadOutcome: 'created',
      problem: null,
    });
    expect(replayed!.leadId).toBe(accepted!.leadId);
    expect(forged!.problem).toEqual({ code: 'webhook-signature-invalid', pointers: [] });
    expect(bad!.problem!.code).toBe('validation-failed');
    expect(bad!.problem!.pointers).toEqual(expect.arrayContaining(['/lastName', '/email']));
    const stored = JSON.stringify(
      await t.sql('select * from webhook_deliveries where source_id = $1', [src.id]),
    );
    for (const personal of ['accepted@example.cz', 'Jana', 'Forged', 'Only'])
      expect(stored).not.toContain(personal);
  });

  it('is bounded per source: forgeries fill a small ring of their own and never push real deliveries out', async () => {
    const { sessions } = await orgWithSessions(t);
    const src = await newSource(sessions.admin);
    expect((await deliver(src.id, src.secret, lead('Real'), { id: 'msg_real' })).status).toBe(201);
    for (let batch = 0; batch < 3; batch++)
      await Promise.all(
        Array.from({ length: 10 }, () => deliver(src.id, otherSecret, lead('Forged')).then((r) => r.status)),
      );
    const log = await deliveries(sessions.admin, src.id);
    expect(log.filter((d) => d.outcome === 'signature_invalid')).toHaveLength(UNSIGNED_RING);
    expect(log.filter((d) => d.outcome === 'accepted').map((d) => d.messageId)).toEqual(['msg_real']);
    // Signed deliveries wrap around their own ring.
    for (let batch = 0; batch < Math.ceil((SIGNED_RING + 5) / 15); batch++)
      await Promise.all(Array.from({ length: 15 }, () => deliver(src.id, src.secret, { firstName: 'x' })));
    const [{ n }] = (await t.sql<{ n: number }>(
      'select count(*)::int as n from webhook_deliveries where source_id = $1',
      [src.id],
    )) as [{ n: number }];
    expect(n).toBe(SIGNED_RING + UNSIGNED_RING);
  });

  it('entries older than 30 days are pruned', async () => {
    const { sessions } = await orgWithSessions(t);
    const src = await newSource(sessions.admin);
    await deliver(src.id, otherSecret, lead('Old'));
    expect(await deliveries(sessions.admin, src.id)).toHaveLength(1);
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(await pruneDeliveries(t.db, later)).toBeGreaterThanOrEqual(1);
    expect(await deliveries(sessions.admin, src.id)).toEqual([]);
  });
});

describe('rotation with an overlap', () => {
  it('both secrets verify until the chosen time, then only the new one; the old one is dropped', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const src = await newSource(sessions.admin);
    const until = new Date(now().getTime() + 3_600_000).toISOString();
    const res = await call(t, sessions.admin, 'POST', `/api/webhook-sources/${src.id}/rotate`, {
      oldSecretValidUntil: until,
    });
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as { secret: string; oldSecretsExpireAt: string };
    expect(rotated).toEqual({ secret: expect.stringMatching(/^whsec_/), oldSecretsExpireAt: until });
    expect(rotated.secret).not.toBe(src.secret);
    expect((await deliver(src.id, src.secret, lead('OldOne'))).status).toBe(201);
    expect((await deliver(src.id, rotated.secret, lead('NewOne'))).status).toBe(201);
    const listed = async () =>
      (
        (await (await call(t, sessions.admin, 'GET', '/api/webhook-sources')).json()) as {
          items: Array<{ id: string; secretCount: number; oldSecretsExpireAt: string | null }>;
        }
      ).items.find((s) => s.id === src.id)!;
    expect(await listed()).toMatchObject({ secretCount: 2, oldSecretsExpireAt: until });

    shiftMs += 3_600_000 + 1000;
    try {
      expect((await deliver(src.id, src.secret, lead('TooLate'))).status).toBe(401);
      expect((await deliver(src.id, rotated.secret, lead('StillNew'))).status).toBe(201);
      expect(await dropExpiredWebhookSecrets(t.db, now())).toBeGreaterThanOrEqual(1);
      expect(await listed()).toMatchObject({ secretCount: 1, oldSecretsExpireAt: null });
      expect((await deliver(src.id, rotated.secret, lead('After'))).status).toBe(201);
    } finally {
      shiftMs -= 3_600_000 + 1000;
    }
    const audit = await t.sql<{ type: string; actor_type: string }>(
      `select type, actor_type from lead_events where organization_id = $1 and entity_id = $2 order by id`,
      [org.organizationId, src.id],
    );
    expect(audit).toEqual([
      { type: 'webhook_source.created', actor_type: 'user' },
      { type: 'webhook_source.rotated', actor_type: 'user' },
      { type: 'webhook_source.old_secrets_dropped', actor_type: 'system' },
    ]);
  });

  it.each([
    ['in the past', () => new Date(Date.now() - 1000).toISOString(), 'not_in_future'],
    ['31 days ahead', () => new Date(Date.now() + 31 * 86_400_000).toISOString(), 'too_far_ahead'],
    ['not a date', () => 'tomorrow', 'invalid_format'],
  ])('an overlap end %s → 422 at /oldSecretValidUntil, nothing changed', async (_what, until, code) => {
    const { sessions } = await orgWithSessions(t);
    const src = await newSource(sessions.admin);
    const res = await call(t, sessions.admin, 'POST', `/api/webhook-sources/${src.id}/rotate`, {
      oldSecretValidUntil: until(),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: unknown[] }).errors).toContainEqual(
      expect.objectContaining({ pointer: '/oldSecretValidUntil', code }),
    );
    expect((await deliver(src.id, src.secret, lead('Same'))).status).toBe(201);
    const [row] = await t.sql<{ n: number }>(
      'select cardinality(secret_ciphertexts) as n from webhook_sources where id = $1',
      [src.id],
    );
    expect(row!.n).toBe(1);
  });
});

describe('revocation and access', () => {
  it('a revoked source refuses deliveries (404), leaves the list, and is audited', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const src = await newSource(sessions.owner);
    expect((await call(t, sessions.admin, 'DELETE', `/api/webhook-sources/${src.id}`)).status).toBe(204);
    expect((await deliver(src.id, src.secret, lead('Revoked'))).status).toBe(404);
    const list = (await (await call(t, sessions.admin, 'GET', '/api/webhook-sources')).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
    expect((await call(t, sessions.admin, 'DELETE', `/api/webhook-sources/${src.id}`)).status).toBe(404);
    expect((await call(t, sessions.admin, 'GET', `/api/webhook-sources/${src.id}/deliveries`)).status).toBe(
      404,
    );
    const [revoked] = await t.sql<{ actor_id: string }>(
      `select actor_id from lead_events where organization_id = $1 and type = 'webhook_source.revoked'`,
      [org.organizationId],
    );
    expect(revoked!.actor_id).toBe(org.users.admin.id);
  });

  it('members and viewers get 403; another organization’s source is 404 on rotate, revoke and the log', async () => {
    const { sessions } = await orgWithSessions(t);
    const theirs = await orgWithSessions(t);
    const src = await newSource(sessions.admin);
    const until = { oldSecretValidUntil: new Date(Date.now() + 3_600_000).toISOString() };
    const requests = [
      ['POST', `/api/webhook-sources/${src.id}/rotate`, until],
      ['DELETE', `/api/webhook-sources/${src.id}`, undefined],
      ['GET', `/api/webhook-sources/${src.id}/deliveries`, undefined],
    ] as const;
    for (const [method, path, body] of requests) {
      expect((await call(t, sessions.member, method, path, body)).status).toBe(403);
      expect((await call(t, sessions.viewer, method, path, body)).status).toBe(403);
      expect((await call(t, theirs.sessions.owner, method, path, body)).status).toBe(404);
    }
    expect((await deliver(src.id, src.secret, lead('Untouched'))).status).toBe(201);
  });
});
