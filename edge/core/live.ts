import type { LiveEvent } from '../contract/live';

/**
 * A change notice as the database sends it at commit (see the `leadgate_live` triggers): the organization,
 * created and changed lead ids (the first 20 of each), whether there were more, and the users whose
 * notifications changed.
 */
export type LiveNotice = {
  o: string;
  c?: string[];
  u?: string[];
  m?: boolean;
  n?: string[];
};

/** The notice from a NOTIFY payload, or null when it is not one (a foreign sender on the channel). */
export function parseLiveNotice(payload: string): LiveNotice | null {
  try {
    const v = JSON.parse(payload) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const o = (v as { o?: unknown }).o;
    return typeof o === 'string' ? (v as LiveNotice) : null;
  } catch {
    return null;
  }
}

/**
 * What one signed-in person of the notice's organization is sent: each created lead, each changed lead
 * (or one id-less `lead.changed` when there were too many to list), and `notification` when theirs changed.
 */
export function liveEventsFor(notice: LiveNotice, userId: string | null): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (const leadId of notice.c ?? []) events.push({ type: 'lead.created', leadId });
  if (notice.m) events.push({ type: 'lead.changed' });
  else
    for (const leadId of notice.u ?? [])
      if (!notice.c?.includes(leadId)) events.push({ type: 'lead.changed', leadId });
  if (userId && notice.n?.includes(userId)) events.push({ type: 'notification' });
  return events;
}
