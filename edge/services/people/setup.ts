import { sql } from 'drizzle-orm';
import { organizations } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import type { SetupBody } from '../../contract/people';
import { timingSafeEqual } from '../../core/base64';
import { AppError } from '../../core/errors';
import { slugOf } from '../../core/people';
import { randomToken } from '../../crypto/encoding';
import type { Deps } from '../../deps';
import { createOrganization } from './organizations';

/**
 * Any number that names the first-run setup's transaction-level advisory lock: two setups at once (two
 * browsers, a browser and the CLI) take turns, and the second finds the first one's organization.
 */
const SETUP_LOCK = 0x1ead_9a7e;

/** True while the database holds no organization: only then is the first-run setup open. */
export async function setupNeeded(db: Executor): Promise<boolean> {
  const [row] = await db.select({ one: sql<number>`1` }).from(organizations).limit(1);
  return !row;
}

/**
 * Checks the one-time setup token in constant time. No configured token refuses every attempt (Workers
 * without the SETUP_TOKEN secret): a fresh deployment must not be taken by whoever finds it first.
 */
export function checkSetupToken(configured: string | null | undefined, sent: string): void {
  if (!configured)
    throw new AppError('setup-token-unset', { detail: 'Set SETUP_TOKEN on the server to run the setup.' });
  if (!timingSafeEqual(sent, configured)) throw new AppError('setup-token-invalid');
}

export type SetupInput = Omit<SetupBody, 'token'>;

/**
 * Creates the first organization and its owner in one transaction, under a lock, only while no
 * organization exists: `exists` when one already does (nothing changed), else the new ids.
 */
export async function runSetup(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: SetupInput,
): Promise<{ outcome: 'created'; organizationId: string; userId: string } | { outcome: 'exists' }> {
  try {
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
            email: input.owner.email,
            name: input.owner.name,
            role: 'owner',
            password: input.owner.password,
            locale: input.owner.locale ?? 'en',
          },
        ],
      },
      {
        before: async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
          if (!(await setupNeeded(tx))) throw new SetupDone();
        },
      },
    );
    return { outcome: 'created', organizationId, userId: userIds[input.owner.email]! };
  } catch (error) {
    if (error instanceof SetupDone) return { outcome: 'exists' };
    throw error;
  }
}

/** Thrown inside the setup's transaction to roll it back when an organization already exists. */
class SetupDone extends Error {}

/**
 * The Node face's setup token at start: SETUP_TOKEN when set, else a new random one, told to the operator
 * through the log while the database has no organization (null once one exists: the setup is closed).
 */
export async function setupTokenAtStart(
  db: Db,
  fromEnv: string | undefined,
  tell: (message: string) => void,
): Promise<string | null> {
  if (!(await setupNeeded(db))) return null;
  const token = fromEnv || randomToken(24);
  tell(
    fromEnv
      ? 'No organization yet: open /app/ and complete the setup with the SETUP_TOKEN you set.'
      : `No organization yet: open /app/ and complete the setup with this one-time setup token: ${token}`,
  );
  return token;
}
