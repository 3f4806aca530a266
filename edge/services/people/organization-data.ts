import { eq } from 'drizzle-orm';
import { forms, organizations } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { OrganizationData, UpdateOrganizationData } from '../../contract/organization';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { normalizeEmbedOrigin, sharedOriginIssues } from '../../core/form-settings';
import { toPointer } from '../../core/json-pointer';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const COLUMNS = {
  leadPurgeDays: organizations.leadPurgeDays,
  quarantineRetentionDays: organizations.quarantineRetentionDays,
  allowedOrigins: organizations.allowedOrigins,
  defaultFormLocale: organizations.defaultFormLocale,
};

const ORIGIN_DETAILS = {
  invalid_origin:
    'Expected https://host[:port], http://localhost[:port] or http://127.0.0.1[:port], without a path (not *)',
  duplicate_origin: 'This origin is already listed',
} as const;

/** The organization's data settings: purge delay, quarantine retention, shared origins, form language. */
export async function getOrganizationData(db: Executor, organizationId: string): Promise<OrganizationData> {
  const [row] = await db.select(COLUMNS).from(organizations).where(eq(organizations.id, organizationId));
  if (!row) throw new AppError('not-found');
  return row as OrganizationData;
}

/** The origins as stored (normalized), or `validation-failed` with a pointer to each refused one. */
function checkedOrigins(origins: string[]): string[] {
  const issues = sharedOriginIssues(origins);
  if (issues.length > 0)
    throw new AppError('validation-failed', {
      errors: issues.map((i) => ({
        pointer: toPointer(i.path),
        detail: ORIGIN_DETAILS[i.code as keyof typeof ORIGIN_DETAILS],
        code: i.code,
      })),
    });
  return origins.map((o) => normalizeEmbedOrigin(o)!);
}

/**
 * Changes the data settings (audited with before/after). Every form of the organization reads the shared
 * origins, so their cached public definitions are dropped in this process (others see it within the
 * cache's time to live).
 */
export async function updateOrganizationData(
  deps: Pick<Deps, 'now' | 'caches'>,
  db: Db,
  auth: Auth,
  change: UpdateOrganizationData,
): Promise<OrganizationData> {
  const set = {
    ...change,
    ...(change.allowedOrigins && { allowedOrigins: checkedOrigins(change.allowedOrigins) }),
  };
  const now = deps.now();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx
      .select(COLUMNS)
      .from(organizations)
      .where(eq(organizations.id, auth.organizationId))
      .for('update');
    if (!before) throw new AppError('not-found');
    if (Object.keys(set).length === 0) return before as OrganizationData;
    const [after] = await tx
      .update(organizations)
      .set(set)
      .where(eq(organizations.id, auth.organizationId))
      .returning(COLUMNS);
    const changed = (Object.keys(set) as Array<keyof OrganizationData>).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after![key]),
    );
    if (changed.length)
      await recordEvents(tx, [
        {
          organizationId: auth.organizationId,
          entityType: 'organization',
          entityId: auth.organizationId,
          type: 'organization.data_updated',
          actor: actorOf(auth),
          at: now,
          data: {
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after![k]])),
          },
        },
      ]);
    return after as OrganizationData;
  });
  if (change.allowedOrigins) {
    const ids = await db.select({ id: forms.id }).from(forms).where(inOrg(forms, auth.organizationId));
    for (const { id } of ids) deps.caches.forms.invalidate(id);
  }
  return result;
}
