import { eq } from 'drizzle-orm';
import { describeError } from '../../../db/errors';
import { webhookMessages } from '../../../db/schema';
import type { Db } from '../../../db/types';
import {
  type AttemptResult,
  claimDue,
  type DeliveryDeps,
  deliver,
  deliverDue,
  loadDeliverable,
} from './deliver';

/** What the Workers queue carries: one message id (the database holds the message and its schedule). */
export type WebhookQueueMessage = { messageId: string };

/** Ids per `sendBatch` (the Queues limit is 100 messages per batch). */
const QUEUE_BATCH = 100;

/**
 * Workers: claims the due messages (leased, one per endpoint and lead) and hands their ids to the queue,
 * whose consumer delivers them. Runs every minute from the Cron Trigger (all organizations), and right
 * after a commit that enqueued messages or a delivery that let a lead's next message go (`organizationIds`:
 * only theirs). A message handed over but lost before the queue took it is sent by a later cron run, once
 * its lease ran out.
 */
export async function dispatchDue(
  db: Db,
  now: Date,
  queue: { send: (ids: string[]) => Promise<void> },
  { limit = 1000, organizationIds }: { limit?: number; organizationIds?: string[] } = {},
): Promise<number> {
  const claimed = await claimDue(db, now, limit, organizationIds);
  for (let i = 0; i < claimed.length; i += QUEUE_BATCH)
    await queue.send(claimed.slice(i, i + QUEUE_BATCH).map((m) => m.id));
  return claimed.length;
}

/**
 * Workers' queue consumer: delivers one message if it is still pending and first in its lead's line (a
 * duplicate queue message or one overtaken by a retry is skipped: the database decides, not the queue).
 */
export async function deliverQueued(
  deps: DeliveryDeps,
  db: Db,
  message: WebhookQueueMessage,
): Promise<(AttemptResult & { organizationId: string }) | null> {
  const m = await loadDeliverable(db, message.messageId, { pendingInOrder: true });
  return m ? { ...(await deliver(deps, db, m, { replay: false })), organizationId: m.organizationId } : null;
}

/** Why the queue parked a message in its dead-letter queue. */
export type ParkedReason = 'queue-retries-exhausted';

/**
 * Workers' dead-letter consumer: marks a message the queue gave up on as parked (the delivery log shows when
 * and why). Its status stays as it was: a pending one is sent by a later dispatch.
 */
export async function recordParked(
  deps: Pick<DeliveryDeps, 'now'>,
  db: Db,
  messageId: string,
  reason: ParkedReason,
): Promise<boolean> {
  const parked = await db
    .update(webhookMessages)
    .set({ parkedAt: deps.now(), parkedReason: reason })
    .where(eq(webhookMessages.id, messageId))
    .returning({ id: webhookMessages.id });
  return parked.length > 0;
}

/**
 * The Node face's deliverer: every `intervalMs` (ticks never overlap) delivers what is due. Returns a
 * function that stops it.
 */
export function startNodeDeliverer(deps: DeliveryDeps, db: Db, intervalMs = 1000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await deliverDue(deps, db, deps.now());
    } catch (error) {
      deps.logger.error('webhook delivery tick failed', { error: describeError(error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  // The deliverer must not keep a stopping process alive.
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}

export type { AttemptResult };
