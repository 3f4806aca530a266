import type { Db, Tx } from '../../../db/types';
import type { Conversion, ConvertLeadBody } from '../../contract/conversion';
import { actorOf } from '../../core/actor';
import { checkConvertible, opportunityDescription, opportunityName } from '../../core/convert-plan';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { type EventInput, recordEvents } from '../audit/events';
import { assertCanEditLead, findLead } from '../leads/access';
import type { LeadRow } from '../leads/get';
import { closeOpenTasks } from '../tasks/tasks';
import { existingConversion } from './conversion-preview';
import {
  accountToLink,
  assertAssignable,
  insertAccount,
  insertContact,
  insertOpportunity,
  leadNoteBodies,
  linkDocuments,
  markConverted,
  notifyOwner,
} from './conversion-records';

/**
 * Converts a qualified lead, in one transaction, into an account (new or linked), a contact and an
 * opportunity; the lead keeps their ids and stays as the read-only record of where they came from.
 * The lead row is locked FOR UPDATE first, so a double click or a retry waits for the first conversion
 * and then answers with its ids (`alreadyConverted`) instead of converting twice.
 */
export async function convertLead(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  body: ConvertLeadBody,
): Promise<Conversion> {
  return db.transaction(async (tx) => {
    const lead = await findLead(tx, auth.organizationId, leadId, true);
    assertCanEditLead(auth, lead);
    const existing = await existingConversion(tx, lead);
    if (existing) return existing;
    assertConvertible(lead, !body.accountId);
    const assigneeId = body.assigneeId ?? lead.assignedTo ?? auth.userId;
    if (!assigneeId)
      throw new AppError('validation-failed', {
        detail: 'Choose the account executive',
        errors: [
          { pointer: '/assigneeId', detail: 'Required when the lead has no assignee', code: 'required' },
        ],
      });
    await assertAssignable(tx, auth.organizationId, assigneeId);
    return createRecords(deps, tx, auth, lead, { ...body, assigneeId });
  });
}

function assertConvertible(lead: LeadRow, createsAccount: boolean): void {
  const check = checkConvertible(lead, createsAccount);
  if (check.ok) return;
  if (check.refusal === 'not-qualified')
    throw new AppError('lead-not-qualified', {
      detail: `A ${check.status} lead cannot be converted; qualify it first.`,
    });
  throw new AppError('validation-failed', {
    detail: `The lead needs ${check.fields.join(', ')} to be converted.`,
    errors: check.fields.map((f) => ({
      pointer: `/lead/${f}`,
      detail: `Fill in the lead's ${f}`,
      code: 'required',
    })),
  });
}

type Plan = ConvertLeadBody & { assigneeId: string };

async function createRecords(deps: Deps, tx: Tx, auth: Auth, lead: LeadRow, plan: Plan): Promise<Conversion> {
  const now = deps.now();
  const accountId = plan.accountId
    ? await accountToLink(tx, auth.organizationId, plan.accountId)
    : await insertAccount(deps, tx, lead, now);
  const contactId = await insertContact(deps, tx, lead, accountId, now);
  const name = plan.opportunityName ?? opportunityName(lead);
  const description = opportunityDescription(lead.description, await leadNoteBodies(tx, lead));
  const opportunityId = await insertOpportunity(
    deps,
    tx,
    lead,
    { accountId, contactId, name, assigneeId: plan.assigneeId, description },
    now,
  );
  const ids = { accountId, contactId, opportunityId };
  await markConverted(tx, lead, ids, now);
  const documents = await linkDocuments(tx, lead, opportunityId, now);
  const accountCreated = !plan.accountId;
  await recordEvents(tx, conversionEvents(auth, lead, ids, { accountCreated, documents, name }, now));
  if (plan.closeOpenTasks) await closeOpenTasks(tx, auth, lead.id, now, 'converted');
  if (plan.assigneeId !== auth.userId)
    await notifyOwner(deps, tx, lead, plan.assigneeId, { id: opportunityId, name }, now);
  return {
    leadId: lead.id,
    ...ids,
    opportunityName: name,
    convertedAt: now.toISOString(),
    alreadyConverted: false,
    accountCreated,
  };
}

type Ids = { accountId: string; contactId: string; opportunityId: string };

/** One event per record: the lead's `converted`, and a `created` (or `linked`) on each new record. */
function conversionEvents(
  auth: Auth,
  lead: LeadRow,
  ids: Ids,
  info: { accountCreated: boolean; documents: number; name: string },
  at: Date,
): EventInput[] {
  const base = { organizationId: auth.organizationId, actor: actorOf(auth), at };
  const from = { leadId: lead.id, ...ids };
  return [
    {
      ...base,
      leadId: lead.id,
      type: 'converted',
      data: {
        ...ids,
        accountCreated: info.accountCreated,
        documents: info.documents,
        version: lead.version + 1,
      },
    },
    {
      ...base,
      entityType: 'account',
      entityId: ids.accountId,
      type: info.accountCreated ? 'created' : 'contact_added',
      data: { ...from, name: lead.company },
    },
    { ...base, entityType: 'contact', entityId: ids.contactId, type: 'created', data: from },
    {
      ...base,
      entityType: 'opportunity',
      entityId: ids.opportunityId,
      type: 'created',
      data: { ...from, name: info.name, stage: 'Qualification', amount: '0' },
    },
  ];
}
