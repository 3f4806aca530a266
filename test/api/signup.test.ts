import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { postJson, setupApi, type TestApi, type TestOrg } from '../support/api';
import { sessionFrom, signupLink, signupToken } from '../support/people';
import { call, orgWithSessions, type Session, seedLead } from '../support/workspace';

const address = (stem: string) => `${stem}.${Math.random().toString(36).slice(2, 10)}@example.test`;
const PASSWORD = 'a long enough password';

const completion = (
  token: string,
  over: { org?: string; name?: string; password?: string; country?: string } = {},
) => ({
  token,
  organization: {
    name: over.org ?? 'Acme s.r.o.',
    defaultCountry: over.country ?? 'CZ',
    timezone: 'Europe/Prague',
  },
  owner: { name: over.name ?? 'Jana Nováková', password: over.password ?? PASSWORD },
});

describe('sign-up while ALLOW_SIGNUP is off (the default)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({}, { database: 'pglite' });
  }, 120_000);
  afterAll(() => t?.close());

  it('tells the dashboard so, and every sign-up path answers 404 before reading the body', async () => {
    expect(await (await t.app.request('/api/signup')).json()).toEqual({ allowed: false });
    for (const [path, body] of [
      ['/api/signup', { email: address('off') }],
      ['/api/signup/preview', { token: 'x' }],
      ['/api/signup/complete', { nonsense: true }],
    ] as const) {
      const res = await postJson(t, path, body);
      expect([res.status, res.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
    }
    expect(await t.sql('select * from signup_proofs')).toEqual([]);
    expect(await t.sql('select * from outbox')).toEqual([]);
  });
});

describe.each(['postgres', 'pglite'] as const)('sign-up (ALLOW_SIGNUP=1) on %s', (database) => {
  let t: TestApi;
  let demo: TestOrg;
  let demoOwner: Session;
  let demoLead: string;
  let clock = Date.parse('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    t = await setupApi(
      { now: () => new Date(clock), config: { ...defaultConfig, allowSignup: true } },
      { database },
    );
    const arranged = await orgWithSessions(t);
    demo = arranged.org;
    demoOwner = arranged.sessions.owner;
    demoLead = await seedLead(t, demo, { lastName: 'Demo lead', email: 'lead@demo.example' });
  }, 120_000);
  afterAll(() => t?.close());

  const ask = (email: string, locale?: string, ip = `198.51.100.${Math.floor(Math.random() * 250)}`) =>
    postJson(t, '/api/signup', { email, ...(locale && { locale }) }, { 'x-test-client-ip': ip });
  const complete = (body: unknown) => postJson(t, 'http://localhost/api/signup/complete', body);
  const outboxOf = (to: string) =>
    t.sql<{ organization_id: string | null; payload: Record<string, unknown> }>(
      `select organization_id, payload from outbox where payload->>'to' = $1 order by created_at, id`,
      [to],
    );

  it('answers 202 alike whether or not the address has an account; each gets its own system email', async () => {
    const fresh = address('fresh');
    const known = demo.users.admin.email;
    const answers = [await ask(fresh, 'cs'), await ask(known.toUpperCase(), 'cs')];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(await res.text()).toBe('');
      expect([...res.headers.keys()].sort()).toEqual([...answers[0]!.headers.keys()].sort());
    }
    const [proof] = await outboxOf(fresh);
    expect(proof).toMatchObject({
      organization_id: null,
      payload: { template: 'signup', to: fresh, locale: 'cs', hours: 24 },
    });
    const [other] = await outboxOf(known);
    expect(other).toMatchObject({
      organization_id: null,
      payload: { template: 'signup-existing', to: known, locale: 'cs' },
    });
    // The email to an existing account carries no token, and nothing was stored for it.
    expect(other!.payload.link).toBeUndefined();
    expect(await t.sql('select 1 from signup_proofs where email = $1', [known])).toEqual([]);
    const stored = await t.sql<{ token_hash: string; expires_at: Date; email: string }>(
      'select token_hash, expires_at, email from signup_proofs where email = $1',
      [fresh],
    );
    expect(stored).toHaveLength(1);
    const token = await signupToken(t, fresh);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(new Date(stored[0]!.expires_at).getTime() - clock).toBe(24 * 3_600_000);
    // No organization's Outbox page lists system mail, nor the sign-up link.
    const page = await (await call(t, demoOwner, 'GET', '/api/outbox')).text();
    expect(page).not.toContain(fresh);
    expect(page).not.toContain(token);
    expect(page).not.toContain(known);
  });

  it('completes: the organization and its owner, signed in, audited; the proof is used up', async () => {
    const email = address('owner');
    await ask(email);
    const token = await signupToken(t, email);
    const preview = await postJson(t, '/api/signup/preview', { token });
    expect(await preview.json()).toMatchObject({ email, locale: 'en' });

    const res = await complete(completion(token));
    expect(res.status).toBe(201);
    const owner = await sessionFrom(res, 'owner');
    const me = (await (await call(t, owner, 'GET', '/api/session')).json()) as {
      role: string;
      user: { email: string; name: string };
      organization: { id: string; name: string; currency: string };
    };
    expect(me).toMatchObject({
      role: 'owner',
      user: { email, name: 'Jana Nováková' },
      organization: { name: 'Acme s.r.o.', currency: 'CZK' },
    });
    const orgId = me.organization.id;
    expect(orgId).not.toBe(demo.organizationId);
    const events = await t.sql<{ type: string; actor_type: string }>(
      'select type, actor_type from lead_events where organization_id = $1 order by created_at, type',
      [orgId],
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['organization.created', 'organization.signed-up', 'session.created']),
    );
    const [proof] = await t.sql<{ used_at: Date | null }>(
      'select used_at from signup_proofs where email = $1',
      [email],
    );
    expect(proof!.used_at).not.toBeNull();
    // The owner signs in again with the password chosen.
    expect(
      (await postJson(t, '/api/session', { email: email.toUpperCase(), password: PASSWORD })).status,
    ).toBe(200);

    // Isolation: the new organization starts empty and cannot reach the other organization's records.
    const leads = (await (await call(t, owner, 'GET', '/api/leads')).json()) as { items: unknown[] };
    expect(leads.items).toEqual([]);
    expect((await call(t, owner, 'GET', `/api/leads/${demoLead}`)).status).toBe(404);
    expect((await call(t, owner, 'GET', `/api/forms/${demo.formId}`)).status).toBe(404);
    const members = (await (await call(t, owner, 'GET', '/api/members')).json()) as {
      items: Array<{ email: string }>;
    };
    expect(members.items.map((m) => m.email)).toEqual([email]);
    const demoLeads = (await (await call(t, demoOwner, 'GET', '/api/leads')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(demoLeads.items.map((l) => l.id)).toEqual([demoLead]);
  });

  it('refuses a used, expired, replaced or forged token with a problem, and changes nothing', async () => {
    const organizations = async () =>
      (await t.sql<{ n: number }>('select count(*)::int as n from organizations'))[0]!.n;
    const problemOf = async (res: Response) => [
      res.status,
      res.headers.get('content-type'),
      ((await res.json()) as { code: string }).code,
    ];

    const used = address('used');
    await ask(used);
    const usedToken = await signupToken(t, used);
    expect((await complete(completion(usedToken, { org: 'Used once' }))).status).toBe(201);
    const before = await organizations();
    expect(await problemOf(await complete(completion(usedToken, { org: 'Used twice' })))).toEqual([
      410,
      'application/problem+json',
      'signup-link-used',
    ]);
    expect(await problemOf(await postJson(t, '/api/signup/preview', { token: usedToken }))).toEqual([
      410,
      'application/problem+json',
      'signup-link-used',
    ]);

    const late = address('late');
    await ask(late);
    const lateToken = await signupToken(t, late);
    clock += 24 * 3_600_000;
    expect(await problemOf(await complete(completion(lateToken)))).toEqual([
      410,
      'application/problem+json',
      'signup-link-expired',
    ]);

    // A newer request replaces the unused link.
    const twice = address('twice');
    await ask(twice);
    const first = await signupToken(t, twice);
    await ask(twice);
    const second = await signupToken(t, twice);
    expect(second).not.toBe(first);
    expect(await problemOf(await complete(completion(first)))).toEqual([
      404,
      'application/problem+json',
      'signup-link-invalid',
    ]);

    for (const forged of ['forged', `${second}x`, second.slice(0, -1)])
      expect(await problemOf(await complete(completion(forged)))).toEqual([
        404,
        'application/problem+json',
        'signup-link-invalid',
      ]);
    expect(await organizations()).toBe(before);

    // Bad input is a 422 with pointers, and leaves the proof usable.
    const bad = await complete({
      ...completion(second, { password: 'short', country: 'XX' }),
      owner: { name: '', password: 'short' },
    });
    expect(bad.status).toBe(422);
    const pointers = ((await bad.json()) as { errors: Array<{ pointer: string }> }).errors.map(
      (e) => e.pointer,
    );
    expect(pointers).toEqual(
      expect.arrayContaining(['/organization/defaultCountry', '/owner/name', '/owner/password']),
    );
    expect(await organizations()).toBe(before);
    expect((await complete(completion(second, { org: 'Second try' }))).status).toBe(201);
  });

  it('treats case and Unicode forms of an address as one person', async () => {
    const stem = Math.random().toString(36).slice(2, 8);
    // "é" precomposed and as e + combining acute; the domain in another case.
    const composed = `zoe\u00e9.${stem}@Example.TEST`;
    const decomposed = `ZOE\u0065\u0301.${stem}@example.test`;
    await ask(composed);
    const normalized = `zoe\u00e9.${stem}@example.test`;
    const token = await signupToken(t, normalized);
    expect((await complete(completion(token, { org: `Zoé ${stem}` }))).status).toBe(201);
    // The other spelling now has an account: it gets the "already have an account" email, no proof.
    const res = await ask(decomposed);
    expect(res.status).toBe(202);
    const mails = await outboxOf(normalized);
    expect(mails.map((m) => m.payload.template)).toEqual(['signup', 'signup-existing']);
    const proofs = await t.sql<{ n: number }>(
      'select count(*)::int as n from signup_proofs where email = $1',
      [normalized],
    );
    expect(proofs).toEqual([{ n: 1 }]);
    expect((await postJson(t, '/api/session', { email: decomposed, password: PASSWORD })).status).toBe(200);
  });

  it('refuses to complete for an address that got an account meanwhile (an accepted invitation)', async () => {
    const email = address('invited');
    await ask(email);
    const token = await signupToken(t, email);
    const invited = await call(t, demoOwner, 'POST', '/api/invitations', { email, role: 'member' });
    expect(invited.status).toBe(201);
    const [row] = await t.sql<{ link: string }>(
      `select payload->>'link' as link from outbox where payload->>'template' = 'invitation' and payload->>'to' = $1`,
      [email],
    );
    const invitation = row!.link.split('#')[1]!;
    const accepted = await postJson(t, '/api/invitations/accept', {
      token: invitation,
      name: 'Invited',
      password: PASSWORD,
    });
    expect(accepted.status).toBe(200);
    const res = await complete(completion(token));
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([
      409,
      'signup-account-exists',
    ]);
    const [proof] = await t.sql<{ used_at: Date | null }>(
      'select used_at from signup_proofs where email = $1',
      [email],
    );
    expect(proof!.used_at).toBeNull();
  });

  it('keeps 10,000-character, emoji and Cyrillic names exactly; two organizations may share a name', async () => {
    const long = `${'Ж'.repeat(9_991)}🦊 Оксана`;
    expect(long.length).toBe(10_000);
    const names = [long, 'Оксана 🦊 Коваленко'];
    for (const name of names) {
      const email = address('names');
      await ask(email, 'uk');
      const token = await signupToken(t, email);
      const res = await complete(completion(token, { org: 'Рога и копыта 🦄', name }));
      expect(res.status).toBe(201);
      const owner = await sessionFrom(res, 'owner');
      const me = (await (await call(t, owner, 'GET', '/api/session')).json()) as {
        user: { name: string; locale: string };
        organization: { name: string };
      };
      expect(me.user).toMatchObject({ name, locale: 'uk' });
      expect(me.organization.name).toBe('Рога и копыта 🦄');
    }
    const slugs = await t.sql<{ slug: string }>(
      `select slug from organizations where name = 'Рога и копыта 🦄' order by created_at, slug`,
    );
    expect(new Set(slugs.map((s) => s.slug)).size).toBe(2);
    // An organization's name longer than its limit is a field error, not a cut.
    const email = address('long-org');
    await ask(email);
    const res = await complete(completion(await signupToken(t, email), { org: 'x'.repeat(10_000) }));
    expect(res.status).toBe(422);
  });

  it('limits requests per address and per network with the same 429 whether or not the address has an account', async () => {
    const limited = async (email: string, ip: string) => {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await ask(email, undefined, ip)).status);
      return codes;
    };
    expect(await limited(address('limit'), '192.0.2.1')).toEqual([202, 202, 202, 429]);
    expect(await limited(demo.users.viewer.email, '192.0.2.2')).toEqual([202, 202, 202, 429]);
    const ip = '192.0.2.77';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await ask(address('net'), undefined, ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('links to the completion page with the token in the fragment', async () => {
    const email = address('link');
    await ask(email);
    expect(await signupLink(t, email)).toMatch(/^\/app\/signup#[A-Za-z0-9_-]{30,}$/);
  });
});
