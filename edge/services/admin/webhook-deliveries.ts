import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookSources } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { WebhookDeliveryOutcome } from '../../contract/admin';
import { AppError } from '../../core/errors';

/** Deliveries kept per source: the last signed ones, and apart from them the last unsigned ones. */
export const SIGNED_RING = 100;
export const UNSIGNED_RING = 20;
/** Older entries are neither shown nor kept (the housekeeping job deletes them). */
export const DELIVERY_LOG_DAYS = 30;

/** Outcomes of requests that did not prove they come from the sender: they go to the small ring. */
const UNSIGNED: ReadonlySet<WebhookDeliveryOutcome> = new Set(['signature_invalid', 'too_old']);
// The sender's text; kept only when it is a short printable id, so the log holds nothing else of theirs.
const MESSAGE_ID = /^[\x21-\x7e]{1,100}$/;

export type DeliveryRecord = {
  sourceId: string;
  receivedAt: Date;
  messageId: string | null;
  outcome: WebhookDeliveryOutcome;
  lead?: { id: string; outcome: 'created' | 'updated' } | null;
  problem?: { code: string; pointers: string[] } | null;
};

/**
 * Writes one delivery into its source's log: one statement that counts the delivery on the source row
 * and overwrites the ring slot of the delivery N before it, so the log never grows past N + M per source
 * however many requests arrive, forged or not.
 */
export async function recordDelivery(db: Db, d: DeliveryRecord): Promise<void> {
  const unsigned = UNSIGNED.has(d.outcome);
  const counter = unsigned ? sql.raw('unsigned_deliveries') : sql.raw('signed_deliveries');
  const slot = unsigned ? sql`${SIGNED_RING} + (n % ${UNSIGNED_RING})` : sql`n % ${SIGNED_RING}`;
  const messageId = d.messageId && MESSAGE_ID.test(d.messageId) ? d.messageId : null;
  const pointers = d.problem ? d.problem.pointers.slice(0, 20).map((p) => p.slice(0, 200)) : null;
  await db.execute(sql`
    with counted as (
      update webhook_sources set ${counter} = ${counter} + 1 where id = ${d.sourceId}
      returning organization_id, ${counter} as n)
    insert into webhook_deliveries (source_id, slot, organization_id, seq, received_at, message_id, outcome,
      lead_id, lead_outcome, problem_code, problem_pointers)
    select ${d.sourceId}, (${slot})::int, organization_id, n, ${d.receivedAt.toISOString()}::timestamptz,
      ${messageId}, ${d.outcome}, ${d.lead?.id ?? null}, ${d.lead?.outcome ?? null}, ${d.problem?.code ?? null},
      ${pointers === null ? null : sql`${sql.param(pointers)}::text[]`}
    from counted
    on conflict (source_id, slot) do update set seq = excluded.seq, received_at = excluded.received_at,
      message_id = excluded.message_id, outcome = excluded.outcome, lead_id = excluded.lead_id,
      lead_outcome = excluded.lead_outcome, problem_code = excluded.problem_code,
      problem_pointers = excluded.problem_pointers`);
}

/** A source's log, newest first; `not-found` for a source that is not the organization's or is revoked. */
export async function listDeliveries(db: Db, organizationId: string, sourceId: string, now: Date) {
  const [source] = await db
    .select({ id: webhookSources.id })
    .from(webhookSources)
    .where(
      inOrg(
        webhookSources,
        organizationId,
        eq(webhookSources.id, sourceId),
        isNull(webhookSources.revokedAt),
      ),
    )
    .limit(1);
  if (!source) throw new AppError('not-found', { detail: `No webhook source ${sourceId}.` });
  const since = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      inOrg(
        webhookDeliveries,
        organizationId,
        eq(webhookDeliveries.sourceId, sourceId),
        gt(webhookDeliveries.receivedAt, since),
      ),
    )
    .orderBy(desc(webhookDeliveries.receivedAt), desc(webhookDeliveries.seq));
  return rows.map((r) => ({
    receivedAt: r.receivedAt.toISOString(),
    messageId: r.messageId,
    outcome: r.outcome,
    leadId: r.leadId,
    leadOutcome: r.leadOutcome ?? null,
    problem: r.problemCode ? { code: r.problemCode, pointers: r.problemPointers ?? [] } : null,
  }));
}

/** Deletes log entries older than DELIVERY_LOG_DAYS (by the received-at index); answers how many. */
export async function pruneDeliveries(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000);
  const gone = await db
    .delete(webhookDeliveries)
    .where(and(lt(webhookDeliveries.receivedAt, before)))
    .returning({ slot: webhookDeliveries.slot });
  return gone.length;
}
