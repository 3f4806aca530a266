import { and, asc, desc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import {
  accounts,
  contacts,
  documentLinks,
  documents,
  leadEvents,
  leads,
  opportunities,
  users,
} from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { CrmListQuery, OpportunityDetail, OpportunityListItem } from '../../contract/crm';
import type { OpportunityStage } from '../../core/convert-plan';
import { AppError } from '../../core/errors';
import { escapeLike } from '../../core/search';

const person = (first: string | null, last: string) => [first, last].filter(Boolean).join(' ');
const refOf = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

/** `name` contains the query, any case (the lists are small per organization; ILIKE is enough). */
export function nameContains(column: Parameters<typeof ilike>[0], q: string | undefined): SQL | undefined {
  return q ? ilike(column, `%${escapeLike(q)}%`) : undefined;
}

/** Opportunities of the organization matching `where`, newest first, with account and owner names. */
export async function opportunityRows(
  db: Executor,
  organizationId: string,
  where: SQL | undefined,
  limit = 100,
): Promise<OpportunityListItem[]> {
  const rows = await db
    .select({ o: opportunities, accountName: accounts.name, assigneeName: users.name })
    .from(opportunities)
    .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
    .leftJoin(users, eq(users.id, opportunities.assignedTo))
    .where(inOrg(opportunities, organizationId, isNull(opportunities.deletedAt), where))
    .orderBy(desc(opportunities.createdAt), desc(opportunities.id))
    .limit(limit);
  return rows.map(({ o, accountName, assigneeName }) => ({
    id: o.id,
    name: o.name,
    stage: o.stage as OpportunityStage,
    amount: o.amount,
    currency: o.currency,
    account: refOf(o.accountId, accountName),
    assignee: refOf(o.assignedTo, assigneeName),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  }));
}

/** The opportunity list: name or account name contains `q`. */
export async function listOpportunities(db: Executor, organizationId: string, query: CrmListQuery) {
  const where = query.q
    ? or(nameContains(opportunities.name, query.q), nameContains(accounts.name, query.q))
    : undefined;
  return { items: await opportunityRows(db, organizationId, where, query.limit) };
}

/** One opportunity with its account, contact, originating lead, documents and timeline. */
export async function getOpportunity(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<OpportunityDetail> {
  const [item] = await opportunityRows(db, organizationId, eq(opportunities.id, id), 1);
  if (!item) throw new AppError('not-found', { detail: `No opportunity ${id}.` });
  const [row] = await db
    .select({ o: opportunities, contact: contacts, lead: leads })
    .from(opportunities)
    .leftJoin(contacts, eq(contacts.id, opportunities.contactId))
    .leftJoin(leads, eq(leads.id, opportunities.leadId))
    .where(inOrg(opportunities, organizationId, eq(opportunities.id, id)));
  const { o, contact, lead } = row!;
  const [docs, timeline] = await Promise.all([
    linkedDocuments(db, organizationId, id),
    opportunityTimeline(db, organizationId, id, o.leadId),
  ]);
  return {
    ...item,
    description: o.description,
    source: o.source,
    campaign: o.campaign,
    formId: o.formId,
    closedAt: o.closedAt?.toISOString() ?? null,
    version: o.version,
    contact: contact ? { id: contact.id, name: person(contact.firstName, contact.lastName) } : null,
    lead: lead ? { id: lead.id, name: person(lead.firstName, lead.lastName), status: lead.status } : null,
    documents: docs,
    timeline,
  };
}

/** The join and filter that read the live (not deleted) documents linked to one lead or opportunity. */
export function liveDocumentsOf(
  organizationId: string,
  entityType: 'lead' | 'opportunity',
  entityId: string,
) {
  return {
    join: and(eq(documents.id, documentLinks.documentId), isNull(documents.deletedAt)),
    where: inOrg(
      documentLinks,
      organizationId,
      eq(documentLinks.entityType, entityType),
      eq(documentLinks.entityId, entityId),
    ),
  };
}

async function linkedDocuments(db: Executor, organizationId: string, opportunityId: string) {
  const linked = liveDocumentsOf(organizationId, 'opportunity', opportunityId);
  return db
    .select({ id: documents.id, name: documents.name })
    .from(documentLinks)
    .innerJoin(documents, linked.join)
    .where(linked.where)
    .orderBy(asc(documents.name));
}

const TIMELINE_LIMIT = 200;

/** The opportunity's own events and, after them in time, the lead's history it came from; newest first. */
async function opportunityTimeline(db: Executor, organizationId: string, id: string, leadId: string | null) {
  const own = and(eq(leadEvents.entityType, 'opportunity'), eq(leadEvents.entityId, id));
  const rows = await db
    .select({ e: leadEvents, actorName: users.name })
    .from(leadEvents)
    .leftJoin(users, and(eq(leadEvents.actorType, 'user'), eq(users.id, leadEvents.actorId)))
    .where(inOrg(leadEvents, organizationId, leadId ? or(own, eq(leadEvents.leadId, leadId)) : own))
    .orderBy(desc(leadEvents.createdAt), desc(leadEvents.id))
    .limit(TIMELINE_LIMIT);
  return rows.map(({ e, actorName }) => ({
    id: String(e.id),
    type: e.entityType === 'lead' ? `lead.${e.type}` : e.type,
    actor: { type: e.actorType, id: e.actorId, name: actorName },
    at: e.createdAt.toISOString(),
    data: e.data,
  }));
}
