import { eq, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { ACTIVITY_EVENT_TYPES } from '../../contract/activity-kinds';
import type { Activity, LogActivity } from '../../contract/lead-activities';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvent } from '../audit/events';
import { assertNotConverted, changeLead, leadEvent } from './access';

/** How far ahead of the server's clock an activity may be dated: a client's clock may run a little fast. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Logs a call, an email or a meeting on a lead the caller may change, as one timeline event
 * (`activity.call`, …) carrying what was entered. The lead's last activity moves to the activity's time
 * (never back), and the first activity is the lead's first response when it has none yet.
 */
export async function logActivity(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  input: LogActivity,
): Promise<Activity> {
  const occurred = occurredAt(input.occurredAt, deps.now());
  return changeLead(deps, db, auth, leadId, undefined, async (tx, lead, now) => {
    assertNotConverted(lead);
    // An activity dated before the lead existed (a call made before it was entered) answered it when it was entered.
    const at = new Date(Math.max(Math.min(occurred.getTime(), now.getTime()), lead.createdAt.getTime()));
    await tx
      .update(leads)
      .set({
        lastActivityAt: sql`greatest(${leads.lastActivityAt}, ${at.toISOString()}::timestamptz)`,
        firstResponseAt: sql`coalesce(${leads.firstResponseAt}, ${at.toISOString()}::timestamptz)`,
      })
      .where(eq(leads.id, lead.id));
    const { kind, ...fields } = input;
    const data = { ...fields, occurredAt: occurred.toISOString() };
    const type = ACTIVITY_EVENT_TYPES[kind];
    const id = await recordEvent(tx, { ...leadEvent(auth, lead.id, now), type, data });
    return { id, type, at: now.toISOString(), data };
  });
}

/** When the activity happened: now when not said; refused when later than the clock allows. */
function occurredAt(text: string | undefined, now: Date): Date {
  if (text === undefined) return now;
  const at = new Date(text);
  if (at.getTime() <= now.getTime() + FUTURE_SKEW_MS) return at;
  const detail = 'An activity cannot be dated in the future';
  throw new AppError('validation-failed', {
    detail,
    errors: [{ pointer: '/occurredAt', detail, code: 'in_future' }],
  });
}
