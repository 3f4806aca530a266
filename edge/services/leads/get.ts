import { desc, eq, isNull, sql } from 'drizzle-orm';
import { leadEvents, leads, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { LeadDetail } from '../../contract/leads';
import { phoneDisplay } from '../../core/contact';
import { AppError } from '../../core/errors';
import { allowedTransitions } from '../../core/status';
import type { PiiVault } from '../../crypto/pii';

export type LeadRow = typeof leads.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** One lead of the caller's organization with its PII decrypted; another org's id is simply not found. */
export async function getLead(
  db: Executor,
  pii: PiiVault,
  organizationId: string,
  id: string,
): Promise<LeadDetail> {
  const [row] = await db
    .select({ lead: leads, assigneeName: users.name })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.assignedTo))
    .where(inOrg(leads, organizationId, eq(leads.id, id), isNull(leads.deletedAt)))
    .limit(1);
  if (!row) throw new AppError('not-found', { detail: `No lead ${id}.` });
  return {
    ...(await toLeadDetail(pii, row.lead, row.assigneeName)),
    consent: await latestConsent(db, row.lead),
  };
}

/**
 * The consent the person gave with their latest submission that carried one (GDPR: what they agreed to,
 * when, and through which channel). It is kept in the submission's event, as it was shown to them.
 */
async function latestConsent(db: Executor, lead: LeadRow): Promise<LeadDetail['consent']> {
  const [row] = await db
    .select({ consent: sql<Record<string, unknown>>`${leadEvents.data}->'consent'`, data: leadEvents.data })
    .from(leadEvents)
    .where(
      inOrg(
        leadEvents,
        lead.organizationId,
        eq(leadEvents.leadId, lead.id),
        sql`jsonb_typeof(${leadEvents.data}->'consent') = 'object'`,
      ),
    )
    .orderBy(desc(leadEvents.createdAt))
    .limit(1);
  if (!row) return null;
  const { given, text, at } = row.consent;
  return {
    given: given === true,
    text: consentText(text),
    at: typeof at === 'string' ? at : null,
    channel: typeof row.data.channel === 'string' ? row.data.channel : null,
  };
}

/** A consent text as stored: one string, or the form's texts by locale (strings only). */
function consentText(text: unknown): string | Record<string, string> | null {
  if (typeof text === 'string') return text;
  if (text === null || typeof text !== 'object' || Array.isArray(text)) return null;
  const texts = Object.entries(text).filter((e): e is [string, string] => typeof e[1] === 'string');
  return texts.length ? Object.fromEntries(texts) : null;
}

/** The wire form of a stored lead: PII decrypted (in memory only), dates as ISO strings. */
export async function toLeadDetail(
  pii: PiiVault,
  l: LeadRow,
  assigneeName: string | null,
): Promise<LeadDetail> {
  const [email, phone] = await Promise.all([
    l.emailCiphertext ? pii.decrypt(l.organizationId, 'email', l.emailCiphertext) : null,
    l.phoneCiphertext ? pii.decrypt(l.organizationId, 'phone', l.phoneCiphertext) : null,
  ]);
  return {
    id: l.id,
    firstName: l.firstName,
    lastName: l.lastName,
    company: l.company,
    title: l.title,
    status: l.status,
    lossReason: l.lossReason,
    lossReasonText: l.lossReasonText,
    score: l.score,
    source: l.source,
    campaign: l.campaign,
    tags: l.tags,
    assignee: l.assignedTo ? { id: l.assignedTo, name: assigneeName ?? '' } : null,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
    lastActivityAt: l.lastActivityAt.toISOString(),
    email,
    phone,
    phoneValid: l.phoneValid,
    phoneDisplay: phone ? phoneDisplay(phone, l.phoneValid) : null,
    industry: l.industry,
    employees: l.employees,
    country: l.country,
    region: l.region,
    city: l.city,
    referredBy: l.referredBy,
    type: l.type,
    description: l.description,
    scoreBreakdown: l.scoreBreakdown,
    custom: l.custom,
    consent: null,
    version: l.version,
    firstResponseAt: iso(l.firstResponseAt),
    contactedAt: iso(l.contactedAt),
    contactedBy: l.contactedBy,
    qualifiedAt: iso(l.qualifiedAt),
    qualifiedBy: l.qualifiedBy,
    lostAt: iso(l.lostAt),
    lostBy: l.lostBy,
    statusChangedAt: l.statusChangedAt.toISOString(),
    statusChangedBy: l.statusChangedBy,
    convertedAt: iso(l.convertedAt),
    allowedTransitions: l.convertedAt ? [] : allowedTransitions(l.status),
    conversion: l.convertedAt
      ? {
          accountId: l.convertedAccountId,
          contactId: l.convertedContactId,
          opportunityId: l.convertedOpportunityId,
          convertedAt: l.convertedAt.toISOString(),
        }
      : null,
  };
}
