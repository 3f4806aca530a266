import { eq, sql } from 'drizzle-orm';
import { leadErasures, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { EraseResult } from '../../contract/duplicates';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';

/** What stays of an erased lead's name: the column is required, the person is gone. */
export const ERASED_NAME = '[erased]';

type Rows = { rows: Array<Record<string, unknown>> };

async function rowsOf(db: Db | Tx, query: ReturnType<typeof sql>) {
  return ((await db.execute(query)) as unknown as Rows).rows;
}

/** Documents attached to this lead and nothing else (a document also on an opportunity stays there). */
function ownDocuments(org: string, leadId: string) {
  return sql`select d.id, d.storage_key from documents d
    join document_links dl on dl.document_id = d.id and dl.entity_type = 'lead' and dl.entity_id = ${leadId}
    where d.organization_id = ${org} and not exists (select 1 from document_links o
      where o.document_id = d.id and not (o.entity_type = 'lead' and o.entity_id = ${leadId}))`;
}

/** Blanks the lead row's personal and free-text columns; it leaves every list (deleted) if it had not yet. */
async function scrubLead(tx: Tx, org: string, leadId: string, now: Date) {
  await tx
    .update(leads)
    .set({
      firstName: null,
      lastName: ERASED_NAME,
      title: null,
      company: null,
      companyKey: null,
      lastNameKey: null,
      industry: null,
      country: null,
      region: null,
      city: null,
      referredBy: null,
      description: null,
      lossReasonText: null,
      custom: {},
      tags: [],
      searchText: '',
      scoreBreakdown: [],
      emailCiphertext: null,
      emailIndex: null,
      phoneCiphertext: null,
      phoneIndex: null,
      phoneValid: null,
      personalEmailCiphertext: null,
      personalEmailIndex: null,
      deletedAt: sql`coalesce(${leads.deletedAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
      version: sql`${leads.version} + 1`,
    })
    .where(inOrg(leads, org, eq(leads.id, leadId)));
}

/**
 * Deletes the staged import rows of this person: the rows that became or matched the lead, and any other
 * row of the same email or phone (a duplicate in the file, a skipped one). Run before the lead's blind
 * indexes are blanked.
 */
function importRowsOf(org: string, leadId: string) {
  return sql`delete from import_rows r using import_jobs j, leads l
    where j.id = r.job_id and j.organization_id = ${org} and l.id = ${leadId} and l.organization_id = ${org}
      and (r.lead_id = l.id or r.match_lead_id = l.id or r.email_index = l.email_index
        or r.phone_index = l.phone_index)`;
}

/** Deletes or blanks every other row holding the person's data; returns how many of each. */
async function scrubRelated(tx: Tx, org: string, leadId: string, documentIds: string[]) {
  const ids = JSON.stringify(documentIds);
  const count = async (q: ReturnType<typeof sql>) =>
    (await rowsOf(tx, sql`with x as (${q} returning 1) select count(*)::int as n from x`))[0]!.n as number;
  const removed = {
    documents: await count(sql`delete from documents where organization_id = ${org}
      and id in (select jsonb_array_elements_text(${ids}::jsonb))`),
    documentLinks: await count(sql`delete from document_links where organization_id = ${org}
      and entity_type = 'lead' and entity_id = ${leadId}`),
    notes: await count(sql`delete from notes where organization_id = ${org} and lead_id = ${leadId}`),
    tasks: await count(sql`delete from tasks where organization_id = ${org} and lead_id = ${leadId}`),
    events: await count(sql`update lead_events set data = '{}'::jsonb where organization_id = ${org}
      and lead_id = ${leadId} and type <> 'erased' and data <> '{}'::jsonb`),
    notifications: await count(sql`delete from notifications where organization_id = ${org}
      and data->>'leadId' = ${leadId}`),
    quarantined: await count(sql`delete from quarantined_submissions where organization_id = ${org}
      and lead_id = ${leadId}`),
    importRows: await count(importRowsOf(org, leadId)),
    // Emails about the lead (sent or not): a task reminder carries the task's title.
    emails: await count(
      sql`delete from outbox where organization_id = ${org} and payload->>'leadId' = ${leadId}`,
    ),
  };
  await tx.execute(sql`delete from duplicate_links where organization_id = ${org}
    and (lead_id = ${leadId} or duplicate_of = ${leadId})`);
  await tx.execute(
    sql`delete from duplicate_cluster_members where organization_id = ${org} and lead_id = ${leadId}`,
  );
  // A merge journal holds the before-state of a master (names, ciphertexts): it goes, and the merge can
  // no longer be undone.
  await tx.execute(sql`update lead_merges set journal = null where organization_id = ${org}
    and (master_id = ${leadId} or ${leadId} = any(merged_ids))`);
  return removed;
}

/**
 * Erases a person for good (GDPR art. 17): document bytes first (so no stored file outlives its row), then
 * in one transaction the lead row's personal columns, its events' data, notes, documents, notifications,
 * emails, quarantined submissions and staged import rows, leaving one `erased` tombstone event with counts only. Idempotent: erasing
 * again scrubs again (nothing is left) and writes no second tombstone.
 */
export async function eraseLead(
  deps: Pick<Deps, 'now' | 'documents'>,
  db: Db,
  org: string,
  leadId: string,
  actor: Actor,
  reason: 'request' | 'retention',
): Promise<EraseResult> {
  const [lead] = await db
    .select({ id: leads.id })
    .from(leads)
    .where(inOrg(leads, org, eq(leads.id, leadId)));
  if (!lead) throw new AppError('not-found', { detail: `No lead ${leadId}.` });
  const docs = await rowsOf(db, ownDocuments(org, leadId));
  for (const d of docs) await deps.documents.delete(String(d.storage_key));
  const now = deps.now();
  return db.transaction(async (tx) => {
    const removed = await scrubRelated(
      tx,
      org,
      leadId,
      docs.map((d) => String(d.id)),
    );
    await scrubLead(tx, org, leadId, now);
    const fresh = await tx
      .insert(leadErasures)
      .values({ leadId, organizationId: org, reason, erasedAt: now })
      .onConflictDoNothing()
      .returning({ leadId: leadErasures.leadId });
    if (fresh.length > 0)
      await recordEvents(tx, [
        { organizationId: org, leadId, type: 'erased', actor, at: now, data: { reason, removed } },
      ]);
    return { leadId, erased: fresh.length > 0, removed };
  });
}
