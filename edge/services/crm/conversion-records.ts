import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  accounts,
  contacts,
  documentLinks,
  leads,
  memberships,
  notes,
  opportunities,
  organizations,
} from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Tx } from '../../../db/types';
import type { FieldErrorCode } from '../../contract/problem';
import { AppError } from '../../core/errors';
import { canTakeLeads } from '../../core/permissions';
import { companyMatchKey } from '../../core/text';
import type { Deps } from '../../deps';
import { recordNotices } from '../audit/notices';
import type { LeadRow } from '../leads/get';

function invalid(pointer: string, detail: string, code: FieldErrorCode): AppError {
  return new AppError('validation-failed', { detail, errors: [{ pointer, detail, code }] });
}

/** The account to link: the caller's organization's, live; another org's id reads as missing (`validation-failed`). */
export async function accountToLink(tx: Tx, organizationId: string, accountId: string): Promise<string> {
  const [row] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(inOrg(accounts, organizationId, eq(accounts.id, accountId), isNull(accounts.deletedAt)));
  if (!row) throw invalid('/accountId', `No account ${accountId}`, 'not_found');
  return row.id;
}

/** The account executive must be a member of the organization who can take work (not a viewer). */
export async function assertAssignable(tx: Tx, organizationId: string, userId: string): Promise<void> {
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (member && canTakeLeads(member.role)) return;
  const detail = member ? 'A viewer cannot own opportunities' : 'Not a member of this organization';
  throw invalid('/assigneeId', detail, 'invalid_assignee');
}

/** A new account from the lead's company, industry and size. */
export async function insertAccount(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  lead: LeadRow,
  now: Date,
): Promise<string> {
  const name = lead.company!.trim();
  const id = deps.newId('acct');
  await tx.insert(accounts).values({
    id,
    organizationId: lead.organizationId,
    name,
    nameKey: companyMatchKey(name) ?? name.toLowerCase(),
    industry: lead.industry,
    employees: lead.employees,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** The contact: the lead's person, email and phone re-sealed (fresh IV; same blind index as the lead's). */
export async function insertContact(
  deps: Pick<Deps, 'newId' | 'pii'>,
  tx: Tx,
  lead: LeadRow,
  accountId: string,
  now: Date,
): Promise<string> {
  const org = lead.organizationId;
  const [email, phone] = await Promise.all([
    lead.emailCiphertext ? deps.pii.decrypt(org, 'email', lead.emailCiphertext) : null,
    lead.phoneCiphertext ? deps.pii.decrypt(org, 'phone', lead.phoneCiphertext) : null,
  ]);
  const [e, p] = await Promise.all([deps.pii.seal(org, 'email', email), deps.pii.seal(org, 'phone', phone)]);
  const id = deps.newId('ctc');
  await tx.insert(contacts).values({
    id,
    organizationId: org,
    accountId,
    leadId: lead.id,
    firstName: lead.firstName,
    lastName: lead.lastName,
    title: lead.title,
    emailCiphertext: e.ciphertext,
    emailIndex: e.index,
    phoneCiphertext: p.ciphertext,
    phoneIndex: p.index,
    piiKeyVersion: deps.pii.keyVersion,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export type OpportunityInput = {
  accountId: string;
  contactId: string;
  name: string;
  assigneeId: string;
  description: string | null;
};

/**
 * The opportunity at the first stage, amount 0 in the organization's currency, carrying the lead's attribution
 * (source, campaign, form).
 */
export async function insertOpportunity(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  lead: LeadRow,
  input: OpportunityInput,
  now: Date,
): Promise<string> {
  const id = deps.newId('opp');
  await tx.insert(opportunities).values({
    id,
    organizationId: lead.organizationId,
    accountId: input.accountId,
    contactId: input.contactId,
    leadId: lead.id,
    name: input.name,
    stage: 'Qualification',
    amount: '0',
    currency: sql`(select ${organizations.currency} from ${organizations} where ${organizations.id} = ${lead.organizationId})`,
    assignedTo: input.assigneeId,
    description: input.description,
    source: lead.source,
    campaign: lead.campaign,
    formId: lead.formId,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** Marks the lead converted into the records just made: read-only from now on, but for notes. */
export async function markConverted(
  tx: Tx,
  lead: Pick<LeadRow, 'id' | 'organizationId'>,
  ids: { accountId: string; contactId: string; opportunityId: string },
  at: Date,
): Promise<void> {
  await tx
    .update(leads)
    .set({
      convertedAccountId: ids.accountId,
      convertedContactId: ids.contactId,
      convertedOpportunityId: ids.opportunityId,
      convertedAt: at,
      version: sql`${leads.version} + 1`,
      updatedAt: at,
      lastActivityAt: at,
    })
    .where(inOrg(leads, lead.organizationId, eq(leads.id, lead.id)));
}

/** The lead's live notes, oldest first, for the opportunity's description. */
export async function leadNoteBodies(tx: Tx, lead: LeadRow): Promise<string[]> {
  const rows = await tx
    .select({ body: notes.body })
    .from(notes)
    .where(inOrg(notes, lead.organizationId, eq(notes.leadId, lead.id), isNull(notes.deletedAt)))
    .orderBy(asc(notes.createdAt), asc(notes.id));
  return rows.map((r) => r.body);
}

/** Every document of the lead is linked to the opportunity too (set-based; a link that exists is kept). */
export async function linkDocuments(
  tx: Tx,
  lead: LeadRow,
  opportunityId: string,
  now: Date,
): Promise<number> {
  const result = await tx.execute(sql`
    insert into ${documentLinks} (document_id, organization_id, entity_type, entity_id, created_at)
    select document_id, organization_id, 'opportunity', ${opportunityId}, ${now.toISOString()}::timestamptz
    from ${documentLinks}
    where organization_id = ${lead.organizationId} and entity_type = 'lead' and entity_id = ${lead.id}
    on conflict do nothing`);
  return (result as unknown as { rowCount?: number | null }).rowCount ?? 0;
}

/** In-app notification and an outbox email to the account executive the opportunity was given to. */
export async function notifyOwner(
  deps: Deps,
  tx: Tx,
  lead: LeadRow,
  userId: string,
  opportunity: { id: string; name: string },
  now: Date,
): Promise<void> {
  await recordNotices(deps, tx, [
    {
      organizationId: lead.organizationId,
      userId,
      type: 'opportunity.assigned',
      data: { opportunityId: opportunity.id, name: opportunity.name, leadId: lead.id },
      link: `/app/opportunities/${opportunity.id}`,
      email: { template: 'opportunity-assigned', data: { opportunityId: opportunity.id, leadId: lead.id } },
      at: now,
    },
  ]);
}
