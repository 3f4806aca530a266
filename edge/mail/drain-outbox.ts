import { sql } from 'drizzle-orm';
import { outbox, users } from '../../db/schema';
import type { Db } from '../../db/types';
import { renderEmail, retryDelayMinutes } from '../core/email-templates';
import type { Mailer } from './mailer';

/** Emails sent per drain; the next minute's run takes the rest. */
const BATCH = 50;
/** A claimed row is invisible to other drainers this long (a crashed drain's rows come back after it). */
const LEASE_MINUTES = 5;

type Claimed = {
  id: string;
  payload: Record<string, unknown>;
  attempts: number;
  email: string | null;
  locale: string | null;
};

export type DrainResult = { sent: number; retried: number; failed: number };

/**
 * Sends the due outbox emails, every organization's. Rows are claimed with a lease in one statement
 * (FOR UPDATE SKIP LOCKED), so two drainers never send the same email, and no transaction is held open
 * across the provider's HTTP call. Each row ends `sent`, or is retried with backoff (1, 5, 30, 120, 720
 * minutes), or after the last attempt or a permanent refusal is `failed` with the provider's error.
 */
export async function drainOutbox(
  deps: { mailer: Mailer; appUrl: string },
  db: Db,
  now: Date,
): Promise<DrainResult> {
  const claimed = await claim(db, now);
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  for (const row of claimed) {
    const outcome = await sendOne(deps, row);
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      result.sent++;
      await mark(
        db,
        row.id,
        sql`status = 'sent', attempts = ${attempts}, sent_at = ${now.toISOString()}, last_error = null`,
      );
      continue;
    }
    const delay = outcome.retryable ? retryDelayMinutes(attempts) : null;
    if (delay === null) result.failed++;
    else result.retried++;
    const next = new Date(now.getTime() + (delay ?? 0) * 60_000).toISOString();
    await mark(
      db,
      row.id,
      sql`status = ${delay === null ? 'failed' : 'pending'}, attempts = ${attempts}, next_attempt_at = ${next},
          last_error = ${outcome.error}`,
    );
  }
  return result;
}

async function claim(db: Db, now: Date): Promise<Claimed[]> {
  const at = now.toISOString();
  const result = (await db.execute(sql`
    with due as (
      select id from ${outbox}
      where kind = 'email' and status = 'pending' and next_attempt_at <= ${at}::timestamptz
      order by next_attempt_at limit ${BATCH} for update skip locked
    )
    update ${outbox} o set next_attempt_at = ${at}::timestamptz + interval '${sql.raw(String(LEASE_MINUTES))} minutes'
    from due where o.id = due.id
    returning o.id, o.payload, o.attempts,
      coalesce((select u.email from ${users} u where u.id = o.payload->>'userId'), o.payload->>'to') as email,
      coalesce((select u.locale from ${users} u where u.id = o.payload->>'userId'), o.payload->>'locale') as locale`)) as unknown as {
    rows: Claimed[];
  };
  return result.rows;
}

async function sendOne(deps: { mailer: Mailer; appUrl: string }, row: Claimed) {
  if (!row.email) return { ok: false as const, retryable: false, error: 'recipient no longer exists' };
  const rendered = renderEmail(row.payload, row.locale, deps.appUrl);
  return deps.mailer.send({ to: row.email, ...rendered, idempotencyKey: row.id });
}

function mark(db: Db, id: string, set: ReturnType<typeof sql>) {
  return db.execute(sql`update ${outbox} set ${set} where id = ${id}`);
}
