import { eq } from 'drizzle-orm';
import { organizations } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import type { AuditSettings, UpdateAuditSettings } from '../../contract/audit';
import { actorOf } from '../../core/actor';
import { AUDIT_RETENTION_DAYS } from '../../core/audit-log';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from './events';

const settingsOf = (retentionDays: number): AuditSettings => ({
  retentionDays,
  retentionBounds: { ...AUDIT_RETENTION_DAYS },
});

/** The organization's audit log settings. */
export async function getAuditSettings(db: Executor, organizationId: string): Promise<AuditSettings> {
  const [row] = await db
    .select({ days: organizations.auditRetentionDays })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!row) throw new AppError('not-found');
  return settingsOf(row.days);
}

/**
 * Sets how long the organization keeps its audit events; a change is itself an audited settings change
 * (`organization.updated` with before/after), a value that changes nothing writes nothing.
 */
export async function updateAuditSettings(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  change: UpdateAuditSettings,
): Promise<AuditSettings> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ days: organizations.auditRetentionDays })
      .from(organizations)
      .where(eq(organizations.id, auth.organizationId))
      .for('update');
    if (!before) throw new AppError('not-found');
    if (before.days === change.retentionDays) return settingsOf(before.days);
    await tx
      .update(organizations)
      .set({ auditRetentionDays: change.retentionDays })
      .where(eq(organizations.id, auth.organizationId));
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'organization',
        entityId: auth.organizationId,
        type: 'organization.updated',
        actor: actorOf(auth),
        at: deps.now(),
        data: {
          before: { auditRetentionDays: before.days },
          after: { auditRetentionDays: change.retentionDays },
        },
      },
    ]);
    return settingsOf(change.retentionDays);
  });
}
