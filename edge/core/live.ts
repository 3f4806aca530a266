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

/**
 * The notices of one unit of work (a request, a queue batch) merged into one per organization, with the
 * database's bounds: the first 20 created and changed leads (more sets `m`), the first 100 users.
 */
export function mergeLiveNotices(notices: LiveNotice[]): LiveNotice[] {
  const byOrg = new Map<string, { c: Set<string>; u: Set<string>; m: boolean; n: Set<string> }>();
  for (const notice of notices) {
    let merged = byOrg.get(notice.o);
    if (!merged) {
      merged = { c: new Set(), u: new Set(), m: false, n: new Set() };
      byOrg.set(notice.o, merged);
    }
    for (const id of notice.c ?? []) merged.c.add(id);
    for (const id of notice.u ?? []) merged.u.add(id);
    for (const id of notice.n ?? []) merged.n.add(id);
    if (notice.m) merged.m = true;
  }
  return [...byOrg].map(([o, { c, u, m, n }]) => {
    const notice: LiveNotice = { o };
    if (c.size > 0) notice.c = [...c].slice(0, 20);
    if (u.size > 0) notice.u = [...u].slice(0, 20);
    if (m || c.size > 20 || u.size > 20) notice.m = true;
    if (n.size > 0) notice.n = [...n].slice(0, 100);
    return notice;
  });
}
