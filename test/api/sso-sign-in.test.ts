import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { startProvider, type TestProvider } from '../support/oidc-provider';
import { newcomer } from '../support/people';
import {
  APP_URL,
  CALLBACK,
  configureSso,
  freshDomain,
  type SsoAttempt,
  ssoEvents,
  ssoSignIn,
} from '../support/sso';
import { call, orgWithSessions } from '../support/workspace';

/**
 * Single sign-on against a real OpenID Provider process (`oidc-provider`, certified): the app discovers
 * it, redirects to it, and verifies what it sends back; the test signs in at the provider as a person.
 */
describe.each(['postgres', 'pglite'] as const)('single sign-on on %s', (database) => {
  let t: TestApi;
  let idp: TestProvider;
  beforeAll(async () => {
    idp = await startProvider(CALLBACK);
    t = await setupApi({ config: { ...defaultConfig, appUrl: APP_URL, apiPerMinute: 10_000 } }, { database });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** A fresh organization whose SSO allows a fresh domain, and its owner's session. */
  async function ssoOrg(newPeople: 'invitation' | Exclude<Role, 'owner'> = 'member') {
    const { org, sessions } = await orgWithSessions(t);
    const domain = freshDomain();
    await configureSso(t, sessions.owner, idp, { allowedDomains: [domain], newPeople });
    return { org, owner: sessions.owner, domain };
  }

  /** A person at the provider; returns the account id to sign in as. */
  function person(email: string, claims: { email_verified?: boolean; name?: string } = {}): string {
    const id = `acct-${Math.random().toString(36).slice(2, 10)}`;
    idp.accounts.set(id, { email, email_verified: true, name: 'Jana Nováková', ...claims });
    return id;
  }

  const usersWith = (email: string) =>
    t.sql<{ id: string }>('select id from users where lower(email) = $1', [email.toLowerCase()]);
  const membersOf = (org: TestOrg) =>
    t.sql<{ user_id: string; role: string }>(
      'select user_id, role from memberships where organization_id = $1',
      [org.organizationId],
    );

  /** The refusal's code from the login page's fragment. */
  const refusal = (attempt: SsoAttempt) =>
    new URLSearchParams(attempt.location.split('#')[1] ?? '').get('sso-error');

  async function signedInAs(attempt: SsoAttempt) {
    expect(attempt.res.status, attempt.location).toBe(302);
    expect(attempt.location).toBe('/app/leads');
    const res = await t.app.request('/api/session', { headers: { cookie: attempt.session! } });
    expect(res.status).toBe(200);
    return (await res.json()) as { user: { id: string; email: string; name: string }; role: Role };
  }

  it('a first sign-in at an allowed domain creates the member with the configured role, and audits it', async () => {
    const { org, domain } = await ssoOrg('member');
    const email = `jana@${domain}`;
    const session = await signedInAs(await ssoSignIn(t, idp, org, person(email)));
    expect(session).toMatchObject({ user: { email, name: 'Jana Nováková' }, role: 'member' });
    const members = await membersOf(org);
    expect(members).toContainEqual({ user_id: session.user.id, role: 'member' });
    const [signedIn] = await ssoEvents(t, org, 'sso.signed-in');
    expect(signedIn).toMatchObject({
      actor_id: session.user.id,
      data: { email, issuer: idp.issuer, outcome: 'join' },
    });
    expect(await ssoEvents(t, org, 'membership.created')).toContainEqual(
      expect.objectContaining({
        data: expect.objectContaining({ via: 'sso', after: { role: 'member', status: 'active' } }),
      }),
    );

    // The second time, the same person signs in: no second account or membership.
    const again = await signedInAs(await ssoSignIn(t, idp, org, person(email)));
    expect(again.user.id).toBe(session.user.id);
    expect(await usersWith(email)).toHaveLength(1);
    expect(await membersOf(org)).toHaveLength(members.length);
  });

  it('a disallowed domain is refused with a clear code, and nothing is created', async () => {
    const { org } = await ssoOrg('admin');
    const email = `mallory@${freshDomain()}`;
    const attempt = await ssoSignIn(t, idp, org, person(email));
    expect(attempt.res.status).toBe(302);
    expect(attempt.location).toBe('/app/login#sso-error=domain-not-allowed');
    expect(attempt.session).toBeNull();
    expect(await usersWith(email)).toEqual([]);
    expect(await membersOf(org)).toHaveLength(4);
    expect(await ssoEvents(t, org, 'sso.refused')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ refusal: 'domain-not-allowed', email }) }),
    ]);
  });

  it.each([
    [
      'an email claim swapped in the ID token',
      (token: string, domain: string) => {
        const [header, payload, signature] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        const swapped = Buffer.from(JSON.stringify({ ...claims, email: `ceo@${domain}` })).toString(
          'base64url',
        );
        return [header, swapped, signature].join('.');
      },
    ],
    [
      'one flipped byte of its signature',
      (token: string) => {
        const at = token.lastIndexOf('.') + 10;
        return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
      },
    ],
  ])('a tampered ID token (%s) is refused, nothing created', async (_name, tamper) => {
    const { org, domain } = await ssoOrg('admin');
    const real = t.deps.fetch;
    // A man in the middle between the app and the provider's token endpoint.
    t.deps.fetch = async (input, init) => {
      const res = await real(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname !== '/token' || !res.ok) return res;
      const body = (await res.json()) as { id_token: string };
      body.id_token = tamper(body.id_token, domain);
      return new Response(JSON.stringify(body), {
        status: res.status,
        headers: { 'content-type': 'application/json' },
      });
    };
    try {
      const email = `intern@${domain}`;
      const attempt = await ssoSignIn(t, idp, org, person(email));
      expect(refusal(attempt)).toBe('token-invalid');
      expect(attempt.session).toBeNull();
      expect(await usersWith(email)).toEqual([]);
      expect(await usersWith(`ceo@${domain}`)).toEqual([]);
      expect(await membersOf(org)).toHaveLength(4);
    } finally {
      t.deps.fetch = real;
    }
  });

  it.each([
    [
      'a changed state',
      { callbackUrl: (u: URL) => u.searchParams.set('state', 'forged-state') },
      'state-mismatch',
    ],
    [
      'a changed nonce',
      { authorizationUrl: (u: URL) => u.searchParams.set('nonce', 'forged-nonce') },
      'token-invalid',
    ],
  ])('%s is refused, nothing created', async (_name, change, code) => {
    const { org, domain } = await ssoOrg('member');
    const email = `petr@${domain}`;
    const attempt = await ssoSignIn(t, idp, org, person(email), change);
    expect(refusal(attempt)).toBe(code);
    expect(attempt.session).toBeNull();
    expect(await usersWith(email)).toEqual([]);
    expect(await ssoEvents(t, org, 'sso.refused')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ refusal: code }) }),
    ]);
  });

  it('a callback without the flow cookie this browser got at the start is refused', async () => {
    const { org, domain } = await ssoOrg('member');
    const start = await t.app.request(`${APP_URL}/api/sso/start?org=${encodeURIComponent(`x@${domain}`)}`);
    const back = await idp.authorize(start.headers.get('location')!, person(`eva@${domain}`), CALLBACK);
    const res = await t.app.request(back);
    expect(res.headers.get('location')).toBe('/app/login#sso-error=state-mismatch');
    expect(await usersWith(`eva@${domain}`)).toEqual([]);
    expect(await membersOf(org)).toHaveLength(4);
  });

  it('an ID token without email_verified is refused, for a newcomer and for an existing member', async () => {
    const { org, owner, domain } = await ssoOrg('member');
    /** A person whose provider says nothing about the address's verification. */
    const unstated = (email: string) => {
      const id = person(email);
      delete idp.accounts.get(id)!.email_verified;
      return id;
    };
    const email = `unstated@${domain}`;
    const attempt = await ssoSignIn(t, idp, org, unstated(email));
    expect(attempt.location).toBe('/app/login#sso-error=email-unverified');
    expect(attempt.session).toBeNull();
    expect(await usersWith(email)).toEqual([]);
    expect(await ssoEvents(t, org, 'sso.refused')).toMatchObject([
      { data: { refusal: 'email-unverified', email } },
    ]);

    await newcomer(t, owner, org.organizationId, `member@${domain}`);
    const again = await ssoSignIn(t, idp, org, unstated(`member@${domain}`));
    expect(refusal(again)).toBe('email-unverified');
    expect(again.session).toBeNull();
  });

  // The embedded database runs the cases above; the rest differ in policy only, not in storage.
  if (database === 'pglite') return;

  it('an unverified email is refused', async () => {
    const { org, domain } = await ssoOrg('member');
    const email = `new@${domain}`;
    const attempt = await ssoSignIn(t, idp, org, person(email, { email_verified: false }));
    expect(refusal(attempt)).toBe('email-unverified');
    expect(await usersWith(email)).toEqual([]);
  });

  it('an existing member signs in whatever the case or Unicode form of their address', async () => {
    const { org, owner, domain } = await ssoOrg('invitation');
    const member = await newcomer(t, owner, org.organizationId, `zoë.nováková@${domain}`, 'viewer');
    const nfdUpper = `ZOË.NOVÁKOVÁ@${domain.toUpperCase()}`.normalize('NFD');
    const session = await signedInAs(await ssoSignIn(t, idp, org, person(nfdUpper)));
    expect(session.user.id).toBe(member.userId);
    expect(session.role).toBe('viewer');
  });

  it('when invitations are required, a new person needs one; with one they join with its role', async () => {
    const { org, owner, domain } = await ssoOrg('invitation');
    const email = `ida@${domain}`;
    expect(refusal(await ssoSignIn(t, idp, org, person(email)))).toBe('invitation-required');
    expect(await usersWith(email)).toEqual([]);

    const invited = await call(t, owner, 'POST', '/api/invitations', { email, role: 'admin' });
    expect(invited.status).toBe(201);
    const session = await signedInAs(await ssoSignIn(t, idp, org, person(email)));
    expect(session.role).toBe('admin');
    const [invitation] = await t.sql<{ accepted_by: string }>(
      'select accepted_by from invitations where organization_id = $1 and email = $2',
      [org.organizationId, email],
    );
    expect(invitation!.accepted_by).toBe(session.user.id);
  });

  it('a deactivated member is refused', async () => {
    const { org, owner, domain } = await ssoOrg('member');
    const email = `gone@${domain}`;
    const member = await newcomer(t, owner, org.organizationId, email);
    const off = await call(t, owner, 'POST', `/api/members/${member.userId}/deactivate`, {
      leads: { action: 'unassign' },
    });
    expect(off.status).toBe(200);
    expect(refusal(await ssoSignIn(t, idp, org, person(email)))).toBe('member-deactivated');
  });

  it('finds the organization by a work address or its domain; an unknown one is not configured', async () => {
    const { org, domain } = await ssoOrg('member');
    const email = `web@${domain}`;
    const byEmail = `${APP_URL}/api/sso/start?org=${encodeURIComponent(email)}`;
    expect((await signedInAs(await ssoSignIn(t, idp, org, person(email), { start: byEmail }))).role).toBe(
      'member',
    );
    const unknown = await t.app.request(`${APP_URL}/api/sso/start?org=${freshDomain()}`);
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get('location')).toBe('/app/login#sso-error=not-configured');
  });

  it("the owner's test sign-in reports what would happen, signing nobody in and creating nothing", async () => {
    const { org, owner, domain } = await ssoOrg('member');
    const email = `tester@${domain}`;
    const test = `${APP_URL}/api/sso/start?test=1`;
    const attempt = await ssoSignIn(t, idp, org, person(email), { start: test, headers: owner.headers });
    expect(attempt.location).toBe(
      `/app/settings/sso#sso-test=ok&email=${encodeURIComponent(email)}&outcome=join&role=member`,
    );
    expect(attempt.session).toBeNull();
    expect(await usersWith(email)).toEqual([]);
    expect((await call(t, owner, 'GET', '/api/session')).status).toBe(200);
    expect(await ssoEvents(t, org, 'sso.tested')).toHaveLength(1);

    const refused = await ssoSignIn(t, idp, org, person(`x@${freshDomain()}`), {
      start: test,
      headers: owner.headers,
    });
    expect(refused.location).toMatch(/^\/app\/settings\/sso#sso-test=refused&code=domain-not-allowed&email=/);
  });

  it.each(['admin', 'member'] as const)('a test sign-in needs the owner (%s is sent back)', async (role) => {
    const { sessions } = await orgWithSessions(t);
    const res = await t.app.request(`${APP_URL}/api/sso/start?test=1`, { headers: sessions[role].headers });
    expect(res.headers.get('location')).toBe('/app/settings/sso#sso-test=refused&code=owner-required');
  });
});
