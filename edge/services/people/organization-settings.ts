import { eq } from 'drizzle-orm';
import { organizations } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import type { Organization, UpdateOrganization } from '../../contract/organization';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const COLUMNS = {
  id: organizations.id,
  name: organizations.name,
  defaultCountry: organizations.defaultCountry,
  currency: organizations.currency,
  timezone: organizations.timezone,
  language: organizations.locale,
  claimingEnabled: organizations.claimingEnabled,
};

/** The caller's organization as its settings page shows it. */
export async function getOrganization(db: Executor, organizationId: string): Promise<Organization> {
  const [row] = await db.select(COLUMNS).from(organizations).where(eq(organizations.id, organizationId));
  if (!row) throw new AppError('not-found');
  return row as Organization;
}

/**
 * Changes the organization's name, default country, time zone, language or whether members may claim leads
 * (audited with before/after).
 */
export async function updateOrganization(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  change: UpdateOrganization,
): Promise<Organization> {
  const now = deps.now();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(COLUMNS)
      .from(organizations)
      .where(eq(organizations.id, auth.organizationId))
      .for('update');
    if (!before) throw new AppError('not-found');
    const { language, ...rest } = change;
    const set = { ...rest, ...(language && { locale: language }) };
    if (Object.keys(set).length === 0) return before as Organization;
    const [after] = await tx
      .update(organizations)
      .set(set)
      .where(eq(organizations.id, auth.organizationId))
      .returning(COLUMNS);
    const changed = (Object.keys(change) as Array<keyof UpdateOrganization>).filter(
      (key) => before[key] !== after![key],
    );
    if (changed.length)
      await recordEvents(tx, [
        {
          organizationId: auth.organizationId,
          entityType: 'organization',
          entityId: auth.organizationId,
          type: 'organization.updated',
          actor: actorOf(auth),
          at: now,
          data: {
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after![k]])),
          },
        },
      ]);
    return after as Organization;
  });
}
