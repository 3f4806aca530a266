import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { defaultConfig, SESSION_ORG_CEILING_USERS } from '../../edge/deps';
import { MemoryRateLimiter } from '../../edge/rate-limit/memory';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { createTestOrg, postJson, sessionAuth, setupApi, signIn, type TestApi } from '../support/api';
import { startFakeTurnstile } from '../support/fake-turnstile';
import { holdableClock } from '../support/rate-window';

/** A small organization ceiling for signed-in traffic, so a test reaches it with a few requests. */
const ORG_CEILING = 6;
/** A well-formed secret that is not the source's. */
const FORGED_SECRET = `whsec_${btoa('not the secret, at all!')}`;

describe.each(['postgres', 'pglite'] as const)('rate limits on %s', (database) => {
  let t: TestApi;
  let turnstile: Awaited<ReturnType<typeof startFakeTurnstile>>;
  const clock = holdableClock();
  beforeAll(async () => {
    turnstile = await startFakeTurnstile(['good-token']);
    t = await setupApi(
      {
        now: clock.now,
        config: { ...defaultConfig, apiSessionPerMinutePerOrg: ORG_CEILING },
        turnstile: { secretKey: 'test-turnstile-secret', verifyUrl: turnstile.url },
      },
      { database },
    );
  });
  afterAll(async () => {
    await t.close();
    await turnstile.close();
  });

  /** A form of a fresh organization with tight limits: 5 a minute per IP, 10 for the form. */
  async function tightForm(): Promise<{
    org: Awaited<ReturnType<typeof createTestOrg>>;
    held: () => Promise<string[]>;
  }> {
    const org = await createTestOrg(t);
    await t.sql('update forms set rate_limit_per_ip = 5, rate_limit_per_form = 10 where id = $1', [
      org.formId,
    ]);
    const held = async () =>
      (
        await t.sql<{ reason: string }>(
          'select reason from quarantined_submissions where organization_id = $1 order by id',
          [org.organizationId],
        )
      ).map((h) => h.reason);
    return { org, held };
  }

  async function useUpFormQuota(formId: string): Promise<void> {
    for (const address of ['192.0.2.11', '192.0.2.12'])
      for (let i = 0; i < 5; i++)
        expect(
          (await postJson(t, `/v1/forms/${formId}/submissions`, { lastName: `Bot ${i}` }, ip(address)))
            .status,
        ).toBe(201);
  }

  const ip = (address: string) => ({ 'x-test-client-ip': address });

  async function deliver(
    src: { id: string; secret: string },
    headers: Record<string, string>,
    { forged = false } = {},
  ) {
    const body = JSON.stringify({ lastName: 'Novák', email: `novak.${Math.random()}@example.cz` });
    const id = `msg_${Math.random().toString(36).slice(2)}`;
    const at = Math.floor(Date.now() / 1000);
    const signature = await signWebhook(forged ? FORGED_SECRET : src.secret, id, at, body);
    return t.app.request(`/v1/hooks/${src.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(at),
        'webhook-signature': signature,
        ...headers,
      },
      body,
    });
  }

  it('counts forged webhooks against the sender’s address, never against the source', async () => {
    const org = await createTestOrg(t);
    const src = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
      name: 'CRM',
      adapter: 'leadgate',
    });
    const statuses = new Map<number, number>();
    let refused: Response | undefined;
    // The source's quota is 1,200 a minute: as many forged posts used to spend it all.
    const resume = clock.hold();
    for (let i = 0; i < 1_200; i++) {
      const res = await deliver(src, ip('203.0.113.66'), { forged: true });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 429) refused = res;
    }
    const signed = await deliver(src, ip('198.51.100.20'));
    resume();
    expect(signed.status).toBe(201);
    expect(signed.headers.get('ratelimit-policy')).toContain('"hook";q=1200;w=60');
    // 60 are checked (and logged); then the address is refused unheard.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 60, 429: 1_140 });
    expect(refused!.headers.get('ratelimit-policy')).toBe('"hook-sender";q=60;w=60');
    // One more unverified post fits a second after the quota was used up.
    expect(refused!.headers.get('retry-after')).toBe('1');
  });

  it('refuses a verified delivery over the source’s quota with 429, storing nothing', async () => {
    const org = await createTestOrg(t);
    const src = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
      name: 'Busy CRM',
      adapter: 'leadgate',
    });
    // The source's 1,200 of this minute, used by verified deliveries (counted directly: the same limiter).
    const resume = clock.hold();
    for (let i = 0; i < 1_200; i++) await t.deps.rateLimiter.hit(`hook:${src.id}`, 1_200, 60);
    const signed = await deliver(src, ip('198.51.100.21'));
    resume();
    expect(signed.status).toBe(429);
    expect(signed.headers.get('ratelimit-policy')).toBe('"hook-sender";q=60;w=60, "hook";q=1200;w=60');
    expect(signed.headers.get('retry-after')).toBe('1');
    // A forged post is still checked and refused as forged: the source's quota is not the sender's.
    expect((await deliver(src, ip('198.51.100.21'), { forged: true })).status).toBe(401);
    const leads = await t.sql('select 1 from leads where organization_id = $1', [org.organizationId]);
    expect(leads).toEqual([]);
  });

  it('counts posts to an unknown source against the sender’s address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++)
      statuses.push((await deliver({ id: 'src_nope', secret: FORGED_SECRET }, ip('203.0.113.67'))).status);
    expect(statuses).toEqual([...Array(60).fill(404), 429]);
  });

  it('holds a flood over the form’s limit as `rate`, so a real visitor is received, not refused', async () => {
    const resume = clock.hold();
    const org = await createTestOrg(t);
    await t.sql('update forms set rate_limit_per_ip = 5, rate_limit_per_form = 10 where id = $1', [
      org.formId,
    ]);
    const submit = (address: string, lastName: string, headers: Record<string, string> = {}) =>
      postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName }, { ...ip(address), ...headers });

    const flood: number[] = [];
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      for (let i = 0; i < 6; i++) flood.push((await submit(address, `Bot ${address} ${i}`)).status);

    const visitor = await submit('198.51.100.30', 'Visitor', { 'idempotency-key': 'visit-1' });
    expect(visitor.status).toBe(201);
    expect(await visitor.json()).toMatchObject({ status: 'received' });
    // Each address: 5 received, the 6th refused by its own limit; the form's 10 are used after two.
    expect(flood).toEqual([
      201, 201, 201, 201, 201, 429, 201, 201, 201, 201, 201, 429, 201, 201, 201, 201, 201, 429,
    ]);
    // Nothing tells the sender it was held: no header of the form's own limit.
    expect(visitor.headers.get('ratelimit-policy')).toBe('"form-ip";q=5;w=60');

    const held = await t.sql<{ id: string; reason: string }>(
      'select id, reason from quarantined_submissions where organization_id = $1 order by id',
      [org.organizationId],
    );
    expect(held.map((h) => h.reason)).toEqual(Array(6).fill('rate'));
    const leads = () =>
      t.sql<{ last_name: string }>('select last_name from leads where organization_id = $1', [
        org.organizationId,
      ]);
    expect(await leads()).toHaveLength(10);

    // Released by an admin like any held submission.
    const admin = await signIn(t, org.users.admin.email);
    const release = await postJson(t, `/api/quarantine/${held.at(-1)!.id}/release`, {}, admin.headers);
    expect(release.status).toBe(200);
    expect((await leads()).map((l) => l.last_name)).toContain('Visitor');
    resume();
  });

  it('replays a retry of a submission accepted before the flood instead of holding it', async () => {
    const resume = clock.hold();
    const { org, held } = await tightForm();
    const send = () =>
      postJson(
        t,
        `/v1/forms/${org.formId}/submissions`,
        { lastName: 'Early' },
        {
          ...ip('198.51.100.31'),
          'idempotency-key': 'early-1',
        },
      );
    const first = await send();
    expect(first.status).toBe(201);
    await useUpFormQuota(org.formId);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(await first.json());
    // Only the last bot's post (the 11th of the minute) waits; the retry did not.
    expect(await held()).toEqual(['rate']);
    resume();
  });

  it('accepts a submission that passed the form’s Turnstile check even over the form’s limit', async () => {
    const resume = clock.hold();
    const { org, held } = await tightForm();
    await useUpFormQuota(org.formId);
    await t.sql(
      `update forms set turnstile_enabled = true, turnstile_site_key = '1x00000000000000000000AA' where id = $1`,
      [org.formId],
    );
    const person = await postJson(
      t,
      `/v1/forms/${org.formId}/submissions`,
      { lastName: 'Verified', 'cf-turnstile-response': 'good-token' },
      ip('198.51.100.32'),
    );
    expect(person.status).toBe(201);
    const leads = await t.sql<{ last_name: string }>(
      'select last_name from leads where organization_id = $1',
      [org.organizationId],
    );
    expect(leads.map((l) => l.last_name)).toContain('Verified');
    expect(await held()).not.toContain('rate');
    resume();
  });

  it('caps an organization’s signed-in traffic at its ceiling, across people, with Retry-After', async () => {
    const org = await createTestOrg(t);
    const other = await createTestOrg(t);
    const [viewer, member, outsider] = await Promise.all([
      signIn(t, org.users.viewer.email),
      signIn(t, org.users.member.email),
      signIn(t, other.users.viewer.email),
    ]);
    const list = (s: { cookie: string }) =>
      t.app.request('/api/leads?limit=1', { headers: { cookie: s.cookie } });
    const resume = clock.hold();
    const statuses: number[] = [];
    for (let i = 0; i < ORG_CEILING / 2; i++)
      statuses.push((await list(viewer)).status, (await list(member)).status);
    expect(statuses).toEqual(Array(ORG_CEILING).fill(200));

    const refused = await list(viewer);
    resume();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toBe(`"api";q=100;w=60, "api-org";q=${ORG_CEILING};w=60`);
    // One request every 10 s (a minute / 6) once the ceiling is reached.
    expect(refused.headers.get('retry-after')).toBe('10');
    expect((await list(outsider)).status).toBe(200);
  });
});

describe('the organization ceiling for signed-in traffic', () => {
  it(`lets ${SESSION_ORG_CEILING_USERS} people each at the per-person limit through at once, and no more`, async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    const { apiPerMinute, apiSessionPerMinutePerOrg } = defaultConfig;
    let refused = 0;
    for (let person = 0; person < SESSION_ORG_CEILING_USERS; person++)
      for (let i = 0; i < apiPerMinute; i++)
        if (!(await limiter.hit('api-org:org_1', apiSessionPerMinutePerOrg, 60)).allowed) refused++;
    expect(refused).toBe(0);
    expect((await limiter.hit('api-org:org_1', apiSessionPerMinutePerOrg, 60)).allowed).toBe(false);
  });
});
