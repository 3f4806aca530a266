import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { defaultConfig } from '../../edge/deps';
import { drainOutbox } from '../../edge/mail/drain-outbox';
import type { MailMessage } from '../../edge/mail/mailer';
import { PASSWORD, postJson, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';
import { invitationToken, sessionFrom } from '../support/people';
import { call, orgWithSessions, type Session } from '../support/workspace';

let t: TestApi;
let org: TestOrg;
let sessions: Record<Role, Session>;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
  ({ org, sessions } = await orgWithSessions(t));
});
afterAll(() => t.close());

type Problem = { code: string; errors?: Array<{ pointer: string; code: string }> };
const problem = async (res: Response) => [res.status, ((await res.json()) as Problem).code];

let n = 0;
const address = (stem = 'invitee') => `${stem}.${++n}.${Math.random().toString(36).slice(2, 8)}@example.test`;

async function invite(email: string, role: Role = 'member', by: Session = sessions.admin) {
  const res = await call(t, by, 'POST', '/api/invitations', { email, role });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; email: string; role: Role; expiresAt: string };
}

const accept = (token: string, name = 'Nový Člen', password = 'new member password') =>
  postJson(t, 'http://localhost/api/invitations/accept', { token, name, password });

const memberships = async () =>
  (
    await t.sql<{ n: number }>('select count(*)::int as n from memberships where organization_id = $1', [
      org.organizationId,
    ])
  )[0]!.n;

describe('invite → accept → sign in', () => {
  it('emails a single-use link; accepting creates the member, signs them in and consumes the invitation', async () => {
    const email = address('Nová.Kolegyně');
    const invited = await invite(email, 'member');
    expect(invited.email).toBe(email.toLowerCase());
    const days = (Date.parse(invited.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // Only the token's hash is stored.
    const token = await invitationToken(t, org.organizationId, invited.email);
    expect(
      JSON.stringify(await t.sql('select * from invitations where id = $1', [invited.id])),
    ).not.toContain(token);

    const list = (await (await call(t, sessions.admin, 'GET', '/api/invitations')).json()) as {
      items: Array<{ id: string; invitedBy: { id: string } }>;
    };
    expect(list.items.find((i) => i.id === invited.id)?.invitedBy.id).toBe(org.users.admin.id);

    const preview = await postJson(t, '/api/invitations/preview', { token });
    expect(await preview.json()).toEqual({
      organization: { name: expect.any(String) },
      email: invited.email,
      role: 'member',
      locale: 'en',
      expiresAt: invited.expiresAt,
    });

    const name = `Олена Коваль 🌻 ${'я'.repeat(9_000)}`;
    const res = await accept(token, name);
    const member = await sessionFrom(res.clone(), 'member');
    expect(await res.json()).toMatchObject({ role: 'member', user: { name, email: invited.email } });
    expect((await call(t, member, 'GET', '/api/leads')).status).toBe(200);
    expect((await call(t, member, 'GET', '/api/invitations')).status).toBe(403);

    // Signs in again with another case and Unicode form of the address.
    const other = email.toUpperCase().normalize('NFD');
    expect(
      (await postJson(t, '/api/session', { email: other, password: 'new member password' })).status,
    ).toBe(200);

    const [stored] = await t.sql('select name from users where id = $1', [member.userId]);
    expect(stored).toEqual({ name });
    const audit = await t.sql<{ type: string; actor_id: string }>(
      `select type, actor_id from lead_events where organization_id = $1 and entity_id in ($2, $3) order by id`,
      [org.organizationId, invited.id, member.userId],
    );
    expect(audit.map((e) => [e.type, e.actor_id])).toEqual(
      expect.arrayContaining([
        ['invitation.created', org.users.admin.id],
        ['invitation.accepted', member.userId],
        ['membership.created', member.userId],
      ]),
    );
    const pending = (await (await call(t, sessions.admin, 'GET', '/api/invitations')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(pending.items.map((i) => i.id)).not.toContain(invited.id);
  });

  it('renders the invitation email in the invitee language, from the outbox', async () => {
    const res = await call(t, sessions.owner, 'POST', '/api/invitations', {
      email: address(),
      role: 'viewer',
      locale: 'cs',
    });
    const { email } = (await res.json()) as { email: string };
    const outbox = (await (await call(t, sessions.admin, 'GET', '/api/outbox')).json()) as {
      items: Array<{ template: string; to: { email: string }; subject: string; text: string }>;
    };
    const mail = outbox.items.find((i) => i.to?.email === email)!;
    expect(mail.template).toBe('invitation');
    expect(mail.subject).toMatch(/^Pozvánka do organizace /);
    expect(mail.text).toMatch(/s rolí čtenář/);
    expect(mail.text).toMatch(/\/app\/invite#[A-Za-z0-9_-]{40,}/);
  });
});

describe('the invitation email goes out', () => {
  it('to the invited address (no user yet), in its language, with the absolute link', async () => {
    const invited = await invite(address('Ünïcode'), 'admin', sessions.owner);
    await t.sql(`update invitations set locale = 'de' where id = $1`, [invited.id]);
    await t.sql(
      `update outbox set payload = payload || '{"locale":"de"}' where payload->>'invitationId' = $1`,
      [invited.id],
    );
    const sent: MailMessage[] = [];
    const mailer = {
      send: async (m: MailMessage) => {
        sent.push(m);
        return { ok: true as const, id: `m${sent.length}` };
      },
    };
    await drainOutbox({ mailer, appUrl: 'https://leads.example.test/' }, t.db, new Date(Date.now() + 1000));
    const mail = sent.find((m) => m.to === invited.email)!;
    expect(mail.subject).toMatch(/^Sie sind eingeladen, .+ auf Leadgate beizutreten$/);
    expect(mail.text).toContain('mit der Rolle Administrator');
    const token = await invitationToken(t, org.organizationId, invited.email);
    expect(mail.text).toContain(`https://leads.example.test/app/invite#${token}`);
  });
});

describe('tokens that cannot be used change nothing', () => {
  it('reused → 410 invitation-used', async () => {
    const invited = await invite(address());
    const token = await invitationToken(t, org.organizationId, invited.email);
    expect((await accept(token)).status).toBe(200);
    const before = await memberships();
    expect(await problem(await accept(token))).toEqual([410, 'invitation-used']);
    expect(await problem(await postJson(t, '/api/invitations/preview', { token }))).toEqual([
      410,
      'invitation-used',
    ]);
    expect(await memberships()).toBe(before);
  });

  it('revoked → 410 invitation-revoked; revoking again → 404', async () => {
    const invited = await invite(address());
    const token = await invitationToken(t, org.organizationId, invited.email);
    expect((await call(t, sessions.admin, 'DELETE', `/api/invitations/${invited.id}`)).status).toBe(204);
    const before = await memberships();
    expect(await problem(await accept(token))).toEqual([410, 'invitation-revoked']);
    expect(await memberships()).toBe(before);
    expect((await call(t, sessions.admin, 'DELETE', `/api/invitations/${invited.id}`)).status).toBe(404);
  });

  it('expired → 410 invitation-expired', async () => {
    const invited = await invite(address());
    const token = await invitationToken(t, org.organizationId, invited.email);
    await t.sql(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [
      invited.id,
    ]);
    const before = await memberships();
    expect(await problem(await accept(token))).toEqual([410, 'invitation-expired']);
    expect(await memberships()).toBe(before);
  });

  it.each([
    ['forged', 'x'.repeat(43)],
    ['garbage', '../../etc/passwd'],
  ])('%s → 404 invitation-not-found', async (_name, token) => {
    const before = await memberships();
    expect(await problem(await accept(token))).toEqual([404, 'invitation-not-found']);
    expect(await memberships()).toBe(before);
  });

  it('resend: a new link works, the old one is dead', async () => {
    const invited = await invite(address());
    const old = await invitationToken(t, org.organizationId, invited.email);
    const res = await call(t, sessions.admin, 'POST', `/api/invitations/${invited.id}/resend`);
    expect(res.status).toBe(200);
    const fresh = await invitationToken(t, org.organizationId, invited.email);
    expect(fresh).not.toBe(old);
    expect(await problem(await accept(old))).toEqual([404, 'invitation-not-found']);
    expect((await accept(fresh)).status).toBe(200);
  });
});

describe('who may be invited', () => {
  it('an existing member (any case or Unicode form) → 409 already-member; an open invitation → 409 invitation-pending', async () => {
    const res = await call(t, sessions.admin, 'POST', '/api/invitations', {
      email: org.users.viewer.email.toUpperCase(),
      role: 'member',
    });
    expect(await problem(res)).toEqual([409, 'already-member']);
    const email = address();
    await invite(email);
    expect(
      await problem(await call(t, sessions.admin, 'POST', '/api/invitations', { email, role: 'viewer' })),
    ).toEqual([409, 'invitation-pending']);
  });

  it('only an owner invites an owner', async () => {
    const byAdmin = await call(t, sessions.admin, 'POST', '/api/invitations', {
      email: address(),
      role: 'owner',
    });
    expect(await problem(byAdmin)).toEqual([403, 'forbidden']);
    await invite(address(), 'owner', sessions.owner);
  });

  it('the preview and the answers have the same shape whether or not the address has an account', async () => {
    const other = await orgWithSessions(t);
    const existing = await invite(other.org.users.member.email, 'viewer');
    const fresh = await invite(address('fresh'), 'viewer');
    const tokens = await Promise.all(
      [existing, fresh].map((i) => invitationToken(t, org.organizationId, i.email)),
    );
    const previews = await Promise.all(
      tokens.map(async (token) => (await postJson(t, '/api/invitations/preview', { token })).json()),
    );
    expect(previews.map((p) => Object.keys(p as object).sort())).toEqual([
      ['email', 'expiresAt', 'locale', 'organization', 'role'],
      ['email', 'expiresAt', 'locale', 'organization', 'role'],
    ]);
    /** Status, code and field errors (pointer + code) of an answer. */
    const shape = async (res: Response) => {
      const body = (await res.json()) as Problem;
      return [res.status, body.code, body.errors?.map((e) => [e.pointer, e.code])];
    };
    const send = (token: string, body: Record<string, unknown>) =>
      postJson(t, 'http://localhost/api/invitations/accept', { token, ...body });
    for (const [body, expected] of [
      [{ password: 'long enough password' }, [422, 'validation-failed', [['/name', 'invalid_type']]]],
      [{ name: 'Ola', password: 'short' }, [422, 'validation-failed', [['/password', 'password_too_short']]]],
    ] as const) {
      const answers = await Promise.all(tokens.map(async (token) => shape(await send(token, body))));
      expect(answers).toEqual([expected, expected]);
    }
    // A policy-valid password that is not the account's: a field error on the password, as a refused one is.
    expect(await shape(await send(tokens[0]!, { name: 'Ola', password: 'not the right one' }))).toEqual([
      422,
      'validation-failed',
      [['/password', 'incorrect_password']],
    ]);
    expect(await memberships()).toBeGreaterThan(0);
    const res = await accept(tokens[0]!, 'ignored', PASSWORD);
    expect(await res.json()).toMatchObject({ role: 'viewer', organization: { id: org.organizationId } });
    // Their name is theirs, and their first organization is still where sign-in leads.
    const [user] = await t.sql('select name from users where id = $1', [other.org.users.member.id]);
    expect(user!.name).not.toBe('ignored');
    expect((await signIn(t, other.org.users.member.email)).headers.cookie).toBeTruthy();
    // The organization's audit says who joined, not whether they had an account before.
    const [accepted] = await t.sql<{ data: Record<string, unknown> }>(
      `select data from lead_events where organization_id = $1 and type = 'invitation.accepted' and entity_id = $2`,
      [org.organizationId, existing.id],
    );
    expect(accepted!.data).toEqual({ userId: other.org.users.member.id });
  });
});
