import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { webhookAttempts, webhookMessages } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { WebhookMessage } from '../../contract/outgoing-webhooks';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { WebhookEventType } from '../../core/outgoing-webhooks';
import type { Auth } from '../../deps';
import { recordEvents } from '../audit/events';
import { type AttemptResult, type DeliveryDeps, deliver, loadDeliverable } from './deliver';

/** Messages shown in the log, newest first; attempts per message. */
const LOG_LIMIT = 50;
/** Delivered and failed messages, and their attempts, are kept this long. */
export const LOG_RETENTION_DAYS = 30;

/** The delivery log: the latest messages (of one endpoint, or in one status) with every attempt. */
export async function listMessages(
  db: Db,
  organizationId: string,
  filter: { subscriptionId?: string; status?: 'pending' | 'delivered' | 'failed' },
): Promise<WebhookMessage[]> {
  const messages = await db
    .select()
    .from(webhookMessages)
    .where(
      inOrg(
        webhookMessages,
        organizationId,
        filter.subscriptionId ? eq(webhookMessages.subscriptionId, filter.subscriptionId) : undefined,
        filter.status ? eq(webhookMessages.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(webhookMessages.createdAt), desc(webhookMessages.seq))
    .limit(LOG_LIMIT);
  if (messages.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(
      inOrg(
        webhookAttempts,
        organizationId,
        inArray(
          webhookAttempts.messageId,
          messages.map((m) => m.id),
        ),
      ),
    )
    .orderBy(desc(webhookAttempts.id));
  return messages.map((m) => ({
    id: m.id,
    subscriptionId: m.subscriptionId,
    eventType: m.eventType as WebhookEventType,
    leadId: m.leadId,
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: m.status === 'pending' ? m.nextAttemptAt.toISOString() : null,
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
    parkedAt: m.parkedAt?.toISOString() ?? null,
    parkedReason: (m.parkedReason as WebhookMessage['parkedReason']) ?? null,
    createdAt: m.createdAt.toISOString(),
    body: JSON.stringify(m.payload),
    log: attempts
      .filter((a) => a.messageId === m.id)
      .map((a) => ({
        id: String(a.id),
        attempt: a.attempt,
        replay: a.replay,
        url: a.url,
        requestHeaders: a.requestHeaders,
        responseStatus: a.responseStatus,
        responseExcerpt: a.responseExcerpt,
        error: a.error,
        durationMs: a.durationMs,
        createdAt: a.createdAt.toISOString(),
      })),
  }));
}

/**
 * Sends a message again now, with the same `webhook-id` and body (a receiver that already has it drops
 * it), to the endpoint's current URL and secrets. Audited; works on a disabled endpoint too, so an admin
 * can try a repaired one before enabling it.
 */
export async function replayMessage(
  deps: DeliveryDeps,
  db: Db,
  auth: Auth,
  id: string,
): Promise<AttemptResult> {
  const message = await loadDeliverable(db, id, { organizationId: auth.organizationId });
  if (!message) throw new AppError('not-found', { detail: `No webhook message ${id}.` });
  const result = await deliver(deps, db, message, { replay: true });
  await recordEvents(db, [
    {
      organizationId: auth.organizationId,
      entityType: 'webhook_message',
      entityId: id,
      type: 'webhook_message.replayed',
      actor: actorOf(auth),
      at: deps.now(),
      data: {
        subscriptionId: message.subscriptionId,
        attempt: result.attempt,
        status: result.status,
        ok: result.ok,
      },
    },
  ]);
  return result;
}

/** Forgets delivered and failed messages (with their attempts) older than the retention, every organization's. */
export async function pruneWebhookLog(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - LOG_RETENTION_DAYS * 86_400_000);
  const removed = await db
    .delete(webhookMessages)
    .where(and(sql`${webhookMessages.status} <> 'pending'`, lt(webhookMessages.createdAt, cutoff)))
    .returning({ id: webhookMessages.id });
  return removed.length;
}
