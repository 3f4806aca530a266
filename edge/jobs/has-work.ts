import { type SQL, sql } from 'drizzle-orm';
import {
  outbox,
  tasks,
  webhookDeliveries,
  webhookMessages,
  webhookSources,
  webhookSubscriptions,
} from '../../db/schema';
import { DELIVERY_LOG_DAYS } from '../services/admin/webhook-deliveries';

/**
 * The every-minute jobs' `hasWork` checks: each is the WHERE clause of the statement its job claims or
 * deletes with, as an `exists` (read only, by the same indexes), so the scheduler can skip a run that would
 * change nothing. A check may say true when the run then finds nothing (a row locked by another run);
 * it must never say false when the run would find something.
 */
export const hasWork = {
  /** Open tasks that fell due and were not reminded (sendTaskReminders). */
  taskReminders: (now: Date): SQL =>
    sql`exists (select 1 from ${tasks} where ${tasks.doneAt} is null and ${tasks.remindedAt} is null
      and ${tasks.dueAt} <= ${now.toISOString()})`,
  /** Pending emails whose attempt is due (drainOutbox). */
  outbox: (now: Date): SQL =>
    sql`exists (select 1 from ${outbox} where kind = 'email' and status = 'pending'
      and next_attempt_at <= ${now.toISOString()}::timestamptz)`,
  /** Pending webhook messages of enabled subscriptions whose attempt is due (dispatchDue). */
  webhookDispatch: (now: Date): SQL =>
    sql`exists (select 1 from ${webhookMessages} m
      join ${webhookSubscriptions} s on s.id = m.subscription_id and s.enabled
      where m.status = 'pending' and m.next_attempt_at <= ${now.toISOString()}::timestamptz)`,
  /** Old webhook secrets past their overlap, or delivery-log entries past their retention. */
  webhookHousekeeping: (now: Date): SQL => {
    const before = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000).toISOString();
    return sql`(exists (select 1 from ${webhookSources} where ${webhookSources.oldSecretsExpireAt} <= ${now.toISOString()})
      or exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.receivedAt} < ${before}))`;
  },
};
