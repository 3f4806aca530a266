import { and, count, eq, isNull, ne } from 'drizzle-orm';
import { importRows, leads, memberships, users } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import type { Deps } from '../../deps';
import { type Notice, recordNotices } from '../audit/notices';

/** Where the notice leads: the list of unassigned leads. */
const UNASSIGNED_LIST = '/app/leads?assignee=unassigned';

/**
 * Tells the people who asked for it (`notifyNewLeads = 'claimable'`) that a committed import left leads
 * unassigned, once per import with their number (a lead at a time would bury the bell under a big file).
 * The importer hears of their import through `import.completed` instead.
 */
export async function noticeClaimableImport(
  deps: Pick<Deps, 'newId'>,
  tx: Executor,
  job: { id: string; organizationId: string; filename: string; createdBy: string | null },
  now: Date,
): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(importRows)
    .innerJoin(leads, and(eq(leads.id, importRows.leadId), eq(leads.organizationId, job.organizationId)))
    .where(
      and(
        eq(importRows.jobId, job.id),
        eq(importRows.outcome, 'create'),
        isNull(leads.assignedTo),
        isNull(leads.deletedAt),
      ),
    );
  const unassigned = row?.n ?? 0;
  if (unassigned === 0) return;
  const people = await tx
    .select({ userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, job.organizationId),
        eq(memberships.status, 'active'),
        ne(memberships.role, 'viewer'),
        eq(users.notifyNewLeads, 'claimable'),
        job.createdBy ? ne(users.id, job.createdBy) : undefined,
      ),
    );
  const notices: Notice[] = people.map((p) => ({
    organizationId: job.organizationId,
    userId: p.userId,
    type: 'import.claimable',
    data: { jobId: job.id, filename: job.filename, count: unassigned },
    link: UNASSIGNED_LIST,
    email: null,
    at: now,
  }));
  await recordNotices(deps, tx, notices);
}
