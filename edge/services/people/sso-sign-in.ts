import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { invitations, memberships, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import { personEmail } from '../../core/people';
import type { Role } from '../../core/permissions';
import { decideSsoSignIn, type SsoDecision, type SsoRefusal } from '../../core/sso';
import { isStorableText } from '../../core/text';
import { randomToken } from '../../crypto/encoding';
import { hashPassword } from '../../crypto/password';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { type LoginResult, openSession } from './sessions';
import { ssoConfigRow } from './sso-config';
import { type SsoFlow, type SsoIdentity, SsoRefused, verifySso } from './sso-flow';

const LOCALES = new Set(['en', 'de', 'cs', 'uk']);

/** The outcome of a verified sign-in (or of an owner's test of it). */
export type SsoOutcome =
  | {
      ok: true;
      email: string;
      decision: Exclude<SsoDecision, { outcome: 'refused' }>;
      session: LoginResult | null;
    }
  | { ok: false; refusal: SsoRefusal; email: string | null };

/** Who the address is in the organization: membership, and an open invitation's role. */
async function personIn(db: Executor, organizationId: string, email: string, now: Date) {
  const [member] = await db
    .select({ userId: memberships.userId, status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(memberships, organizationId, sql`lower(${users.email}) = ${email}`));
  const [invitation] = await db
    .select({ id: invitations.id, role: invitations.role })
    .from(invitations)
    .where(
      inOrg(
        invitations,
        organizationId,
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  return { member: member ?? null, invitation: invitation ?? null };
}

/**
 * Signs in (or, for an owner's test, only reports on) a person a provider vouched for, in the flow's
 * organization: decides by the organization's policy (see decideSsoSignIn), adds a new person's account
 * and membership or accepts their invitation, opens the session, and audits the sign-in or the refusal.
 */
export async function signInWithSso(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: {
    organizationId: string;
    identity: SsoIdentity;
    test: boolean;
    userAgent: string | null;
    ip: string | null;
  },
): Promise<SsoOutcome> {
  const { organizationId, identity, test } = input;
  const now = deps.now();
  const email = identity.email ? personEmail(identity.email) : null;
  const config = await ssoConfigRow(db, organizationId);
  const person = email ? await personIn(db, organizationId, email, now) : { member: null, invitation: null };
  const decision: SsoDecision = config
    ? decideSsoSignIn({
        email,
        emailVerified: identity.emailVerified,
        allowedDomains: config.allowedDomains,
        newPeople: config.newPeople,
        person: { membership: person.member, invitationRole: person.invitation?.role ?? null },
      })
    : { outcome: 'refused', refusal: 'not-configured' };
  const audit = { issuer: identity.issuer, subject: identity.subject, email, test };
  if (decision.outcome === 'refused') {
    await recordSsoRefusal(deps, db, { organizationId, ...audit, refusal: decision.refusal });
    return { ok: false, refusal: decision.refusal, email };
  }
  if (test) {
    await recordEvents(db, [ssoEvent(organizationId, 'sso.tested', now, { ...audit, outcome: decision })]);
    return { ok: true, email: email!, decision, session: null };
  }
  const userId =
    decision.outcome === 'member'
      ? person.member!.userId
      : await join(deps, db, { organizationId, email: email!, identity, role: decision.role, now });
  await recordEvents(db, [
    ssoEvent(organizationId, 'sso.signed-in', now, { ...audit, userId, outcome: decision.outcome }, userId),
  ]);
  const session = await openSession(deps, db, {
    userId,
    organizationId,
    userAgent: input.userAgent,
    ip: input.ip,
  });
  return { ok: true, email: email!, decision, session };
}

/** An SSO audit event about the organization's single sign-on (or the user it signed in). */
function ssoEvent(
  organizationId: string,
  type: string,
  at: Date,
  data: Record<string, unknown>,
  userId?: string,
) {
  return {
    organizationId,
    entityType: userId ? 'user' : 'sso',
    entityId: userId ?? organizationId,
    type,
    actor: userId ? { type: 'user' as const, id: userId } : { type: 'public' as const, id: null },
    at,
    data,
  };
}

/** Audits a refused single sign-on in the organization it was for. */
export async function recordSsoRefusal(
  deps: Pick<Deps, 'now'>,
  db: Db,
  input: { organizationId: string; refusal: SsoRefusal; test: boolean } & Record<string, unknown>,
): Promise<void> {
  const { organizationId, ...data } = input;
  await recordEvents(db, [ssoEvent(organizationId, 'sso.refused', deps.now(), data)]);
}

/**
 * A new member: the account (unless the address has one from another organization), the membership
 * with the decided role, and an open invitation to the address accepted. The account's password is a
 * random one nobody knows (sign-in keeps its timing; a reset sets a real one).
 */
async function join(
  deps: Pick<Deps, 'newId' | 'config'>,
  db: Db,
  input: { organizationId: string; email: string; identity: SsoIdentity; role: Role; now: Date },
): Promise<string> {
  const { organizationId, email, identity, now } = input;
  const passwordHash = await hashPassword(randomToken(), deps.config.passwordHash);
  return db.transaction(async (tx) => {
    const userId = await accountFor(deps, tx, email, identity, passwordHash);
    const added = await tx
      .insert(memberships)
      .values({ organizationId, userId, role: input.role, createdAt: now })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    // A sign-in of the same person at the same moment joined first: they are a member now.
    if (added.length === 0) return userId;
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(
        inOrg(
          invitations,
          organizationId,
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id });
    const actor = { type: 'user' as const, id: userId };
    await recordEvents(tx, [
      ...(invitation
        ? [
            {
              organizationId,
              entityType: 'invitation',
              entityId: invitation.id,
              type: 'invitation.accepted',
              actor,
              at: now,
              data: { userId, via: 'sso' },
            },
          ]
        : []),
      {
        organizationId,
        entityType: 'membership',
        entityId: userId,
        type: 'membership.created',
        actor,
        at: now,
        data: {
          after: { role: input.role, status: 'active' },
          via: 'sso',
          invitationId: invitation?.id ?? null,
        },
      },
    ]);
    return userId;
  });
}

/** The account of the address, created when it has none (by its normalized address, once). */
async function accountFor(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  email: string,
  identity: SsoIdentity,
  passwordHash: string,
): Promise<string> {
  const locale = identity.locale?.slice(0, 2).toLowerCase() ?? 'en';
  await tx
    .insert(users)
    .values({
      id: deps.newId('usr'),
      email,
      name: nameOf(identity, email),
      passwordHash,
      locale: LOCALES.has(locale) ? locale : 'en',
    })
    .onConflictDoNothing();
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`));
  return row!.id;
}

/** The name the provider gave (as it is, if Postgres can store it), else the address's local part. */
function nameOf(identity: SsoIdentity, email: string): string {
  const name = identity.name?.slice(0, 10_000);
  return name && isStorableText(name) ? name : email.slice(0, email.lastIndexOf('@'));
}

/** How a callback ends: a session, the owner's test report, or a refusal (already audited). */
export type SsoCallbackResult =
  | { kind: 'signed-in'; session: LoginResult }
  | { kind: 'tested'; outcome: Extract<SsoOutcome, { ok: true }> }
  | { kind: 'refused'; refusal: SsoRefusal; email: string | null };

/**
 * The callback's use case: verify what the provider sent against the flow (verifySso), then sign the
 * person in, or report the owner's test. Every refusal is audited in the flow's organization.
 */
export async function completeSso(
  deps: Pick<Deps, 'now' | 'newId' | 'config' | 'fetch' | 'caches' | 'pii' | 'logger'>,
  db: Db,
  input: { flow: SsoFlow; callbackUrl: URL; userAgent: string | null; ip: string | null },
): Promise<SsoCallbackResult> {
  const { flow } = input;
  const test = flow.testBy !== null;
  try {
    const identity = await verifySso(deps, db, flow, input.callbackUrl);
    const outcome = await signInWithSso(deps, db, {
      organizationId: flow.organizationId,
      identity,
      test,
      userAgent: input.userAgent,
      ip: input.ip,
    });
    if (!outcome.ok) return { kind: 'refused', refusal: outcome.refusal, email: outcome.email };
    return test ? { kind: 'tested', outcome } : { kind: 'signed-in', session: outcome.session! };
  } catch (error) {
    if (!(error instanceof SsoRefused)) throw error;
    const reason = error.cause instanceof Error ? error.cause.message.slice(0, 300) : null;
    deps.logger.info('sso refused', { refusal: error.refusal, reason });
    await recordSsoRefusal(deps, db, {
      organizationId: flow.organizationId,
      refusal: error.refusal,
      test,
      step: 'callback',
      reason,
    });
    return { kind: 'refused', refusal: error.refusal, email: null };
  }
}
