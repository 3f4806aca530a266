import { and, eq, isNull, sql } from 'drizzle-orm';
import { pgCode, UNIQUE_VIOLATION } from '../../../db/errors';
import { signupProofs, users } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import type { CompleteSignup, SignupPreview } from '../../contract/signup';
import { AppError } from '../../core/errors';
import { personEmail, slugOf } from '../../core/people';
import { randomToken, sha256 } from '../../crypto/encoding';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { recordEmails } from '../audit/notices';
import { createOrganization } from './organizations';
import { type LoginResult, openSession } from './sessions';
import { assertNotLocked, countFailure, throttleKeys } from './throttle';

/** How long a sign-up link works: a day to find the email and decide on the organization's name. */
export const SIGNUP_TTL_HOURS = 24;

/** The completion page's link: the token rides in the fragment, so it never reaches a server log or a Referer. */
const signupLink = (token: string) => `/app/signup#${token}`;

/** Sign-up is a deployment's choice (ALLOW_SIGNUP): every sign-up path answers 404 while it is off. */
export function assertSignupAllowed(deps: Pick<Deps, 'config'>): void {
  if (!deps.config.allowSignup)
    throw new AppError('not-found', { detail: 'This server does not offer sign-up.' });
}

async function hasAccount(db: Executor, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  return row !== undefined;
}

/**
 * Asks to create an organization for an address. Requests count per address and per client network
 * (429 `rate-limited` past the limit, the same whether or not the address has an account). An address
 * without an account gets a single-use link that proves it (any earlier unused one stops working); one
 * with an account gets an email that says so, with the ways to sign in. Both are system mail through the
 * outbox, written in one transaction, so the caller answers the same either way.
 */
export async function requestSignup(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  input: { email: string; locale: string; ip: string | null },
): Promise<void> {
  const now = deps.now();
  const email = personEmail(input.email) ?? input.email.trim().toLowerCase();
  const keys = await throttleKeys({ account: 'signup-account', ip: 'signup-ip' }, email, input.ip);
  await assertNotLocked(db, keys, now, 'rate-limited');
  await countFailure(db, keys, now);
  const to = { to: email, locale: input.locale };
  await db.transaction(async (tx) => {
    if (await hasAccount(tx, email)) {
      await recordEmails(deps, tx, [
        { organizationId: null, template: 'signup-existing', data: to, at: now },
      ]);
      return;
    }
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + SIGNUP_TTL_HOURS * 3_600_000);
    await tx.delete(signupProofs).where(and(eq(signupProofs.email, email), isNull(signupProofs.usedAt)));
    await tx.insert(signupProofs).values({
      id: deps.newId('sgp'),
      email,
      locale: input.locale,
      tokenHash: await sha256(token),
      expiresAt,
      createdAt: now,
    });
    await recordEmails(deps, tx, [
      {
        organizationId: null,
        template: 'signup',
        data: { ...to, link: signupLink(token), hours: SIGNUP_TTL_HOURS, expiresAt: expiresAt.toISOString() },
        at: now,
      },
    ]);
  });
}

type Proof = typeof signupProofs.$inferSelect;

/** The address got an account between the check and the insert (an invitation accepted at that moment). */
function asAccountExists(error: unknown): never {
  if (pgCode(error) === UNIQUE_VIOLATION) throw new AppError('signup-account-exists', { cause: error });
  throw error;
}

/** The proof a token opens; a problem for an unknown (forged), used or expired one. */
async function usableProof(db: Executor, token: string, now: Date, lock = false): Promise<Proof> {
  const query = db
    .select()
    .from(signupProofs)
    .where(eq(signupProofs.tokenHash, await sha256(token)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('signup-link-invalid');
  if (row.usedAt) throw new AppError('signup-link-used');
  if (row.expiresAt <= now) throw new AppError('signup-link-expired');
  return row;
}

/** What the completion page shows before the person commits: the proven address. */
export async function previewSignup(deps: Pick<Deps, 'now'>, db: Db, token: string): Promise<SignupPreview> {
  const row = await usableProof(db, token, deps.now());
  return { email: row.email, locale: row.locale, expiresAt: row.expiresAt.toISOString() };
}

/**
 * Creates the organization and its owner (the proven address) in one transaction that also consumes the
 * proof and audits the sign-up, then opens the owner's session. A token that cannot be used, or an
 * address that got an account meanwhile (an invitation accepted), changes nothing.
 */
export async function completeSignup(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: CompleteSignup & { userAgent: string | null; ip: string | null },
): Promise<LoginResult> {
  const now = deps.now();
  const found = await usableProof(db, input.token, now);
  if (await hasAccount(db, found.email)) throw new AppError('signup-account-exists');
  const { organizationId, userIds } = await createOrganization(
    deps,
    db,
    {
      name: input.organization.name,
      slug: slugOf(input.organization.name),
      defaultCountry: input.organization.defaultCountry,
      timezone: input.organization.timezone,
      members: [
        {
          email: found.email,
          name: input.owner.name,
          role: 'owner',
          password: input.owner.password,
          locale: input.owner.locale ?? found.locale,
        },
      ],
    },
    {
      uniqueSlug: true,
      actor: { type: 'public', id: null },
      before: async (tx) => {
        const proof = await usableProof(tx, input.token, now, true);
        if (await hasAccount(tx, proof.email)) throw new AppError('signup-account-exists');
        await tx.update(signupProofs).set({ usedAt: now }).where(eq(signupProofs.id, proof.id));
      },
      after: async (tx, created) => {
        const userId = created.userIds[found.email]!;
        await recordEvents(tx, [
          {
            organizationId: created.organizationId,
            entityType: 'organization',
            entityId: created.organizationId,
            type: 'organization.signed-up',
            actor: { type: 'user', id: userId },
            at: now,
            data: { proofId: found.id, userId, ip: input.ip },
          },
        ]);
      },
    },
  ).catch(asAccountExists);
  return openSession(deps, db, {
    userId: userIds[found.email]!,
    organizationId,
    userAgent: input.userAgent,
    ip: input.ip,
  });
}
