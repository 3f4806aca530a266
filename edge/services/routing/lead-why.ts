import { and, desc, eq, isNull } from 'drizzle-orm';
import { leadEvents, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { LeadRouting } from '../../contract/routing';
import { AppError } from '../../core/errors';
import type { RoutingWhy } from '../../core/route';

/**
 * Why a lead went to its rep: its latest assignment, with the routing rule's record when routing made it
 * (rule, version, the values that matched, whom it skipped; `replay` when a replay did), else who did it.
 */
export async function leadRouting(
  db: Executor,
  organizationId: string,
  leadId: string,
): Promise<LeadRouting> {
  const [lead] = await db
    .select({ assignedTo: leads.assignedTo })
    .from(leads)
    .where(inOrg(leads, organizationId, and(eq(leads.id, leadId), isNull(leads.deletedAt))));
  if (!lead) throw new AppError('not-found', { detail: 'No such lead' });
  const [event] = await db
    .select({ data: leadEvents.data, at: leadEvents.createdAt, actorId: leadEvents.actorId })
    .from(leadEvents)
    .where(
      inOrg(leadEvents, organizationId, and(eq(leadEvents.leadId, leadId), eq(leadEvents.type, 'assigned'))),
    )
    .orderBy(desc(leadEvents.createdAt), desc(leadEvents.id))
    .limit(1);
  if (!event) return { assignedTo: lead.assignedTo, assignment: null };
  const data = event.data as Record<string, unknown>;
  const why = data.rule && typeof data.rule === 'object' ? (data.rule as RoutingWhy) : null;
  return {
    assignedTo: lead.assignedTo,
    assignment: {
      at: event.at.toISOString(),
      to: typeof data.to === 'string' ? data.to : null,
      by: event.actorId,
      replay: data.replay === true,
      why,
    },
  };
}
