import type { Role } from '../../edge/contract/session';
import type { TestApi } from './api';
import { call, type Session } from './workspace';

/** The token of the latest invitation email to `email`, read from the outbox as the recipient would. */
export async function invitationToken(t: TestApi, organizationId: string, email: string): Promise<string> {
  const [row] = await t.sql<{ link: string }>(
    `select payload->>'link' as link from outbox
     where organization_id = $1 and payload->>'template' = 'invitation' and payload->>'to' = $2
     order by created_at desc, id desc limit 1`,
    [organizationId, email],
  );
  if (!row) throw new Error(`no invitation email to ${email}`);
  const match = /^\/app\/invite#(.+)$/.exec(row.link);
  if (!match) throw new Error(`unexpected link ${row.link}`);
  return match[1]!;
}

/** Sends a session's cookie and CSRF token from an answer that signed someone in. */
export async function sessionFrom(res: Response, role: Role): Promise<Session> {
  if (res.status >= 300) throw new Error(`not signed in: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; user: { id: string } };
  return { role, userId: body.user.id, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

/** Invites `email` with `role` as `by`, accepts as a new account, and returns the new member's session. */
export async function newcomer(
  t: TestApi,
  by: Session,
  organizationId: string,
  email: string,
  role: Role = 'member',
  password = 'newcomer password',
): Promise<Session> {
  const invited = await call(t, by, 'POST', '/api/invitations', { email, role });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${await invited.text()}`);
  const { email: normalized } = (await invited.json()) as { email: string };
  const token = await invitationToken(t, organizationId, normalized);
  return sessionFrom(
    await call(t, null, 'POST', '/api/invitations/accept', { token, name: `New ${role}`, password }),
    role,
  );
}

/** The token of the latest password-reset email to a user, read from the outbox as the recipient would. */
export async function resetToken(t: TestApi, userId: string): Promise<string> {
  const [row] = await t.sql<{ link: string }>(
    `select payload->>'link' as link from outbox
     where payload->>'template' = 'password-reset' and payload->>'userId' = $1
     order by created_at desc, id desc limit 1`,
    [userId],
  );
  if (!row) throw new Error(`no password-reset email to ${userId}`);
  const match = /^\/app\/reset#(.+)$/.exec(row.link);
  if (!match) throw new Error(`unexpected link ${row.link}`);
  return match[1]!;
}

/** The link of the latest sign-up email to an address (system mail: no organization), as the recipient gets it. */
export async function signupLink(t: TestApi, email: string): Promise<string> {
  const [row] = await t.sql<{ link: string }>(
    `select payload->>'link' as link from outbox
     where organization_id is null and payload->>'template' = 'signup' and payload->>'to' = $1
     order by created_at desc, id desc limit 1`,
    [email],
  );
  if (!row) throw new Error(`no sign-up email to ${email}`);
  return row.link;
}

/** The token of the latest sign-up email to an address. */
export async function signupToken(t: TestApi, email: string): Promise<string> {
  const link = await signupLink(t, email);
  const match = /^\/app\/signup#(.+)$/.exec(link);
  if (!match) throw new Error(`unexpected link ${link}`);
  return match[1]!;
}
