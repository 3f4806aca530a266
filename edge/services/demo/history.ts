import { asc, eq, isNull } from 'drizzle-orm';
import { leads, opportunities } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { LeadStatus } from '../../contract/leads';
import { isClosedStage, OPPORTUNITY_STAGES } from '../../core/convert-plan';
import type { StageStamps } from '../../core/status';
import type { Deps } from '../../deps';
import { type EventInput, recordEvents } from '../audit/events';
import { insertAccount, insertContact, insertOpportunity, markConverted } from '../crm/conversion-records';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The stage stamps a demo lead gets for its status, as the status changes would have written them. */
export type DemoStages = StageStamps & {
  statusChangedAt: Date;
  lastActivityAt: Date;
};

const between = (rand: () => number, min: number, max: number) => min + Math.floor(rand() * (max - min));

/** How long until the first contact: a third within the hour, most within the day, some after days. */
function responseDelay(rand: () => number): number {
  const r = rand();
  if (r < 0.35) return between(rand, 5 * MINUTE, 55 * MINUTE);
  if (r < 0.75) return between(rand, HOUR, DAY);
  return between(rand, DAY, 5 * DAY);
}

/**
 * A lead's path through the stages up to its status, spread over hours to weeks after `created` and
 * squeezed to end before `now` (a recent lead moved faster). `actor` is who moved it (its assignee).
 */
export function demoStages(
  rand: () => number,
  input: { status: LeadStatus; created: Date; now: Date; actor: string | null },
): DemoStages {
  const { status, created, now, actor } = input;
  const steps: Array<['contacted' | 'qualified' | 'lost', number]> = [];
  const lostFromNew = status === 'LOST' && rand() < 0.4;
  if (status !== 'NEW' && !lostFromNew) steps.push(['contacted', responseDelay(rand)]);
  if (status === 'QUALIFIED') steps.push(['qualified', between(rand, DAY, 14 * DAY)]);
  if (status === 'LOST') steps.push(['lost', between(rand, DAY, 20 * DAY)]);
  const total = steps.reduce((sum, [, ms]) => sum + ms, 0);
  const room = (now.getTime() - created.getTime()) * 0.9;
  const scale = total > room ? room / total : 1;
  const at: Partial<Record<'contacted' | 'qualified' | 'lost', Date>> = {};
  let t = created.getTime();
  for (const [stage, ms] of steps) {
    t += Math.round(ms * scale);
    at[stage] = new Date(t);
  }
  const last = new Date(t);
  return {
    contactedAt: at.contacted ?? null,
    contactedBy: at.contacted ? actor : null,
    qualifiedAt: at.qualified ?? null,
    qualifiedBy: at.qualified ? actor : null,
    lostAt: at.lost ?? null,
    lostBy: at.lost ? actor : null,
    statusChangedAt: last,
    lastActivityAt: last,
  };
}

/**
 * Converts the qualified demo leads that have an assignee, days after their qualification, into an account
 * (one per company), a contact and an opportunity with an amount in the organization's currency, through the
 * same record builders as a real conversion. Each rep's earliest qualified lead and the unassigned ones stay
 * qualified, for the demo's own conversions.
 */
export async function seedDemoConversions(
  deps: Pick<Deps, 'now' | 'newId' | 'pii'>,
  db: Db,
  organizationId: string,
  rand: () => number,
): Promise<number> {
  const now = deps.now().getTime();
  return db.transaction(async (tx) => {
    const qualified = await tx
      .select()
      .from(leads)
      .where(inOrg(leads, organizationId, eq(leads.status, 'QUALIFIED'), isNull(leads.convertedAt)))
      .orderBy(asc(leads.createdAt), asc(leads.id));
    const accountsByCompany = new Map<string, string>();
    const events: EventInput[] = [];
    const earliest = new Map([...qualified].reverse().map((l) => [l.assignedTo, l.id]));
    for (const lead of qualified) {
      if (earliest.get(lead.assignedTo) === lead.id || !lead.qualifiedAt || !lead.company || !lead.assignedTo)
        continue;
      const qualifiedAt = lead.qualifiedAt.getTime();
      const at = new Date(qualifiedAt + Math.min(between(rand, HOUR, 10 * DAY), (now - qualifiedAt) * 0.8));
      const known = accountsByCompany.get(lead.company);
      const accountId = known ?? (await insertAccount(deps, tx, lead, at));
      accountsByCompany.set(lead.company, accountId);
      const contactId = await insertContact(deps, tx, lead, accountId, at);
      const name = `${lead.company} - ${lead.lastName ?? lead.firstName ?? ''}`.trim();
      const input = { accountId, contactId, name, assigneeId: lead.assignedTo, description: null };
      const opportunityId = await insertOpportunity(deps, tx, lead, input, at);
      const stage = OPPORTUNITY_STAGES[between(rand, 0, OPPORTUNITY_STAGES.length)]!;
      await tx
        .update(opportunities)
        .set({
          stage,
          amount: String(between(rand, 40, 960) * 500),
          closedAt: isClosedStage(stage) ? at : null,
        })
        .where(eq(opportunities.id, opportunityId));
      await markConverted(tx, { id: lead.id, organizationId }, { accountId, contactId, opportunityId }, at);
      events.push({
        organizationId,
        leadId: lead.id,
        type: 'converted',
        actor: { type: 'user', id: lead.assignedTo },
        at,
        data: {
          accountId,
          contactId,
          opportunityId,
          accountCreated: !known,
          documents: 0,
          version: lead.version + 1,
        },
      });
    }
    await recordEvents(tx, events);
    return events.length;
  });
}
