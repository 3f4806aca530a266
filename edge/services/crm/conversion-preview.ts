import { count, desc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, documentLinks, documents, opportunities, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { AccountCandidate, Conversion, ConversionPreview } from '../../contract/conversion';
import {
  ACCOUNT_MATCH_THRESHOLD,
  CONVERSION_COPIES,
  checkConvertible,
  opportunityName,
} from '../../core/convert-plan';
import { companyMatchKey } from '../../core/text';
import { findLead } from '../leads/access';
import type { LeadRow } from '../leads/get';
import { liveDocumentsOf } from './opportunities';

const MAX_CANDIDATES = 5;

/**
 * Accounts whose normalized name resembles the company's (pg_trgm similarity on `name_key`, the same
 * normalization as ingestion's company key, so "Acme Corp." finds "ACME, Inc."), best first.
 */
export async function accountCandidates(
  db: Executor,
  organizationId: string,
  company: string | null,
): Promise<AccountCandidate[]> {
  const key = companyMatchKey(company);
  if (!key) return [];
  const similarity = sql<number>`similarity(${accounts.nameKey}, ${key})`;
  const rows = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      industry: accounts.industry,
      employees: accounts.employees,
      similarity,
    })
    .from(accounts)
    .where(
      inOrg(
        accounts,
        organizationId,
        isNull(accounts.deletedAt),
        // `%` uses the trigram index; the explicit bound keeps the answer independent of the session setting.
        sql`${accounts.nameKey} % ${key}`,
        sql`${similarity} >= ${ACCOUNT_MATCH_THRESHOLD}`,
      ),
    )
    .orderBy(desc(similarity), accounts.name)
    .limit(MAX_CANDIDATES);
  return rows.map((r) => ({ ...r, similarity: Math.round(Number(r.similarity) * 1000) / 1000 }));
}

/** The conversion a converted lead went through, as the convert endpoint answers it. */
export async function existingConversion(db: Executor, lead: LeadRow): Promise<Conversion | null> {
  if (!lead.convertedAt || !lead.convertedOpportunityId) return null;
  const [opp] = await db
    .select({ name: opportunities.name })
    .from(opportunities)
    .where(inOrg(opportunities, lead.organizationId, eq(opportunities.id, lead.convertedOpportunityId)));
  return {
    leadId: lead.id,
    accountId: lead.convertedAccountId ?? '',
    contactId: lead.convertedContactId ?? '',
    opportunityId: lead.convertedOpportunityId,
    opportunityName: opp?.name ?? '',
    convertedAt: lead.convertedAt.toISOString(),
    alreadyConverted: true,
    accountCreated: false,
  };
}

/** What converting the lead would create, link and copy: the confirmation dialog's content. */
export async function conversionPreview(
  db: Db,
  organizationId: string,
  leadId: string,
): Promise<ConversionPreview> {
  const lead = await findLead(db, organizationId, leadId);
  const check = checkConvertible(lead, true);
  const [candidates, assignee, docs, conversion] = await Promise.all([
    accountCandidates(db, organizationId, lead.company),
    lead.assignedTo ? userName(db, lead.assignedTo) : null,
    documentCount(db, organizationId, lead.id),
    existingConversion(db, lead),
  ]);
  return {
    leadId: lead.id,
    status: lead.status,
    convertible: lead.status === 'QUALIFIED' && !conversion,
    // Without a company the rep can still link an existing account; a new one needs the name.
    missingFields: check.ok || check.refusal !== 'missing-fields' ? [] : check.fields,
    accountName: lead.company?.trim() || null,
    candidates,
    opportunityName: opportunityName(lead),
    assignee: lead.assignedTo && assignee !== null ? { id: lead.assignedTo, name: assignee } : null,
    copies: {
      account: [...CONVERSION_COPIES.account],
      contact: [...CONVERSION_COPIES.contact],
      opportunity: [...CONVERSION_COPIES.opportunity],
    },
    documents: docs,
    conversion,
  };
}

async function userName(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id));
  return row?.name ?? null;
}

async function documentCount(db: Executor, organizationId: string, leadId: string): Promise<number> {
  const linked = liveDocumentsOf(organizationId, 'lead', leadId);
  const [row] = await db
    .select({ n: count() })
    .from(documentLinks)
    .innerJoin(documents, linked.join)
    .where(linked.where);
  return row?.n ?? 0;
}
