import { and, asc, eq, gt, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { leads, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { LeadFilter } from '../../contract/leads';
import { actorOf } from '../../core/actor';
import { UTF8_BOM } from '../../core/csv';
import { canExportPii, csvHeader, csvRecord, type ExportFormat, type ExportRecord } from '../../core/export';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { filterConditions, searchCondition } from './filters';

/** Rows per query: small enough to keep memory flat at 500K rows, large enough to keep round trips few. */
export const EXPORT_BATCH = 2000;

const iso = (d: Date | null) => d?.toISOString() ?? null;

// Only the exported columns (not the score breakdown, custom fields or search text): less to read and map.
const COLUMNS = {
  ...{
    id: leads.id,
    organizationId: leads.organizationId,
    firstName: leads.firstName,
    lastName: leads.lastName,
  },
  ...{ title: leads.title, company: leads.company, industry: leads.industry, employees: leads.employees },
  ...{ country: leads.country, region: leads.region, city: leads.city, source: leads.source },
  ...{ campaign: leads.campaign, referredBy: leads.referredBy, type: leads.type, status: leads.status },
  ...{
    lossReason: leads.lossReason,
    lossReasonText: leads.lossReasonText,
    tags: leads.tags,
    score: leads.score,
  },
  ...{ assignedTo: leads.assignedTo, createdAt: leads.createdAt, updatedAt: leads.updatedAt },
  ...{ lastActivityAt: leads.lastActivityAt, contactedAt: leads.contactedAt, qualifiedAt: leads.qualifiedAt },
  ...{ lostAt: leads.lostAt, emailCiphertext: leads.emailCiphertext, phoneCiphertext: leads.phoneCiphertext },
  assigneeName: users.name,
  // The exact key for the keyset (a JS Date would lose the microseconds and skip or repeat rows).
  cursor: sql<string>`${leads.createdAt}::text`,
};

type ExportRow = Pick<typeof leads.$inferSelect, Exclude<keyof typeof COLUMNS, 'assigneeName' | 'cursor'>> & {
  assigneeName: string | null;
  cursor: string;
};

type Batch = { rows: ExportRecord[]; last: { at: string; id: string } | null };

/**
 * Streams every lead matching the filter as CSV (UTF-8 with BOM, formula cells neutralised) or a JSON
 * array, newest first, reading EXPORT_BATCH rows at a time by keyset (created_at desc, id) — the order of
 * leads_org_created_idx — so memory stays flat whatever the size. Email and phone are decrypted only for
 * roles allowed to export them. One `exported` audit event with the filter and the count is written when
 * the stream ends (or is cancelled, marked incomplete). Web streams only: runs on Workers and Node.
 */
export async function exportLeads(
  deps: Pick<Deps, 'pii' | 'now'>,
  db: Db,
  auth: Auth,
  filter: LeadFilter,
  format: ExportFormat,
): Promise<{ stream: ReadableStream<Uint8Array>; done: Promise<void> }> {
  const org = auth.organizationId;
  const scope = { organizationId: org, userId: auth.userId, now: deps.now() };
  const conditions = filterConditions(filter, scope, await searchCondition(deps, db, org, filter.q), true);
  const pii = canExportPii(auth.role);
  const encoder = new TextEncoder();
  let after: Batch['last'] = null;
  let count = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const audit = async (complete: boolean) => {
    const data = { format, filter, count, pii, complete };
    const event = { organizationId: org, actor: actorOf(auth), at: deps.now(), type: 'exported', data };
    await recordEvents(db, [{ ...event, entityType: 'lead_export', entityId: null }]).finally(finish);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? UTF8_BOM + csvHeader() : '['));
    },
    async pull(controller) {
      try {
        const batch = await readBatch(deps, db, org, conditions, after, pii);
        if (batch.rows.length > 0) controller.enqueue(encoder.encode(render(batch.rows, format, count)));
        count += batch.rows.length;
        after = batch.last;
        if (batch.rows.length < EXPORT_BATCH) {
          if (format === 'json') controller.enqueue(encoder.encode(']'));
          await audit(true);
          controller.close();
        }
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel: () => audit(false),
  });
  return { stream, done };
}

function render(rows: ExportRecord[], format: ExportFormat, before: number): string {
  if (format === 'csv') return rows.map(csvRecord).join('');
  const json = rows.map((r) => JSON.stringify(r)).join(',');
  return before > 0 ? `,${json}` : json;
}

async function readBatch(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  org: string,
  conditions: Array<SQL | undefined>,
  after: Batch['last'],
  pii: boolean,
): Promise<Batch> {
  const at = after ? sql`${after.at}::timestamptz` : undefined;
  // The redundant `<=` bound first: without it the planner ORs two index scans and sorts every remaining
  // row for each batch (quadratic over an export); with it, one ordered index range scan stops at the limit.
  const keyset =
    after && at
      ? and(
          lte(leads.createdAt, at),
          or(lt(leads.createdAt, at), and(eq(leads.createdAt, at), gt(leads.id, after.id))),
        )
      : undefined;
  const rows = await db
    .select(COLUMNS)
    .from(leads)
    .leftJoin(users, eq(users.id, leads.assignedTo))
    .where(inOrg(leads, org, ...conditions, keyset))
    // `nulls last` as the index is built (created_at is never null): else the index cannot give the order.
    .orderBy(sql`${leads.createdAt} desc nulls last`, asc(leads.id))
    .limit(EXPORT_BATCH);
  const records = await Promise.all(rows.map((r) => toRecord(deps, r, pii)));
  const last = rows.at(-1);
  return { rows: records, last: last ? { at: last.cursor, id: last.id } : null };
}

async function toRecord(deps: Pick<Deps, 'pii'>, l: ExportRow, pii: boolean): Promise<ExportRecord> {
  const assigneeName = l.assigneeName;
  const open = (field: 'email' | 'phone', text: string | null) =>
    pii && text ? deps.pii.decrypt(l.organizationId, field, text) : null;
  const [email, phone] = await Promise.all([
    open('email', l.emailCiphertext),
    open('phone', l.phoneCiphertext),
  ]);
  return {
    ...{ id: l.id, firstName: l.firstName, lastName: l.lastName, email, phone, title: l.title },
    ...{ company: l.company, industry: l.industry, employees: l.employees, country: l.country },
    ...{ region: l.region, city: l.city, source: l.source, campaign: l.campaign, referredBy: l.referredBy },
    ...{ type: l.type, status: l.status, lossReason: l.lossReason, lossReasonText: l.lossReasonText },
    ...{ tags: l.tags, score: l.score, assigneeId: l.assignedTo, assigneeName },
    ...{ createdAt: iso(l.createdAt), updatedAt: iso(l.updatedAt), lastActivityAt: iso(l.lastActivityAt) },
    ...{ contactedAt: iso(l.contactedAt), qualifiedAt: iso(l.qualifiedAt), lostAt: iso(l.lostAt) },
  };
}
