import { eq, isNull } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { canEditLead } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import type { EventInput } from '../audit/events';
import { getLead, type LeadRow } from './get';

/** The lead, read for a check (no lock); another organization's or a deleted lead is not found. */
export async function findLead(
  db: Executor,
  organizationId: string,
  id: string,
  lock = false,
): Promise<LeadRow> {
  const query = db
    .select()
    .from(leads)
    .where(inOrg(leads, organizationId, eq(leads.id, id), isNull(leads.deletedAt)));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw new AppError('not-found', { detail: `No lead ${id}.` });
  return row;
}

/** `forbidden` unless the caller may change this lead (the PRD's RBAC, decided in core). */
export function assertCanEditLead(auth: Auth, lead: { assignedTo: string | null }): void {
  if (canEditLead({ role: auth.role, userId: auth.userId }, lead)) return;
  throw new AppError('forbidden', {
    detail:
      auth.role === 'viewer'
        ? 'Viewers cannot change leads.'
        : 'Members change only the leads assigned to them.',
  });
}

/**
 * `lead-converted` once the lead is converted: the account, contact and opportunity carry it on, and the lead stays as
 * the record of how they came to be — only notes may still be added.
 */
export function assertNotConverted(lead: {
  id: string;
  convertedAt: Date | null;
  convertedOpportunityId: string | null;
}): void {
  if (!lead.convertedAt) return;
  throw new AppError('lead-converted', {
    detail: `Lead ${lead.id} is converted; only notes can be added.`,
    extensions: {
      opportunityId: lead.convertedOpportunityId,
    },
  });
}

/** The audit fields of an event about this lead by this caller. */
export function leadEvent(auth: Auth, leadId: string, at: Date): Omit<EventInput, 'type'> {
  return { organizationId: auth.organizationId, leadId, actor: actorOf(auth), at };
}

export type LeadChange<T> = (tx: Tx, lead: LeadRow, now: Date) => Promise<T>;

/**
 * Runs one change of a lead in one transaction, on the row locked FOR UPDATE, after the checks every change
 * shares, in this order: the lead exists in the caller's organization (`not-found`), the caller may
 * change it (`forbidden`), and — when the change says what it was based on — nobody changed it since
 * (`version-conflict` with the current version and record, so the client can show what changed instead of overwriting it).
 */
export async function changeLead<T>(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  leadId: string,
  expectedVersion: number | undefined,
  change: LeadChange<T>,
): Promise<T> {
  const outcome = await db.transaction(async (tx) => {
    const lead = await findLead(tx, auth.organizationId, leadId, true);
    assertCanEditLead(auth, lead);
    if (expectedVersion !== undefined && lead.version !== expectedVersion) return { stale: true as const };
    return { stale: false as const, value: await change(tx, lead, deps.now()) };
  });
  if (!outcome.stale) return outcome.value;
  const current = await getLead(db, deps.pii, auth.organizationId, leadId);
  throw new AppError('version-conflict', {
    detail: `The lead is at version ${current.version}; this change was based on version ${expectedVersion}.`,
    version: current.version,
    extensions: { current },
  });
}
