import { foldForMatch } from '../text';

/** One person of a weighted rotation: of every `sum of weights` leads, `weight` go to them. */
export type WeightedMember = { userId: string; weight: number };

/**
 * Whom a matching rule assigns: one user; a round-robin over a team (optionally only its senior members);
 * or a weighted round-robin over named people. A rotation with `maxOpenLeads` skips whoever already has
 * that many open leads (load-aware). Every target skips people who are deactivated or away.
 */
export type RoutingAction =
  | { type: 'user'; userId: string }
  | { type: 'team'; team: string; seniorOnly?: boolean; maxOpenLeads?: number }
  | { type: 'weighted'; members: WeightedMember[]; maxOpenLeads?: number };

/** One row per member and team they are in (a member of no team: one row with `team: null`). */
export type TeamMember = { userId: string; team: string | null; senior: boolean };

/** A member of the organization as routing sees them: active or deactivated, away until when. */
export type RoutingPerson = { userId: string; active: boolean; awayUntil: Date | null };

export type SkipReason = 'not-member' | 'deactivated' | 'away' | 'over-limit';

/** Someone a target passed over, and why (`until` for an absence, `open` and `limit` for a full rep). */
export type Skipped = { userId: string; reason: SkipReason; until?: string; open?: number; limit?: number };

/** What availability depends on: the people, the moment, and (for load-aware targets) open leads per person. */
export type Availability = {
  people: readonly RoutingPerson[];
  now: Date;
  /** Open leads per user; needed only when the target has `maxOpenLeads` (absent: no one counts as full). */
  loads?: ReadonlyMap<string, number>;
};

/**
 * The user ids eligible for a team action: members of the team (names compared case- and accent-insensitively),
 * only seniors when `seniorOnly`. Sorted by code unit, not locale, so every process sees the same order for
 * the same cursor. An empty pool means nobody can take the lead.
 */
export function teamPool(action: Extract<RoutingAction, { type: 'team' }>, members: TeamMember[]): string[] {
  const team = foldForMatch(action.team.trim());
  const ids = new Set<string>();
  for (const m of members) {
    if (m.team !== null && foldForMatch(m.team.trim()) === team && (!action.seniorOnly || m.senior)) {
      ids.add(m.userId);
    }
  }
  return [...ids].sort();
}

/**
 * A weighted rotation as a cycle of slots (smooth weighted round-robin, weights reduced by their greatest
 * common divisor): weights 3 and 1 give `a a b a`, so each person's turns are spread through the cycle
 * rather than bunched, and every full cycle gives each person exactly their weight's share.
 */
export function weightedSlots(members: readonly WeightedMember[]): string[] {
  const live = members.filter((m) => m.weight > 0);
  if (live.length === 0) return [];
  const divisor = live.reduce((g, m) => gcd(g, m.weight), 0);
  const weights = live.map((m) => m.weight / divisor);
  const total = weights.reduce((a, b) => a + b, 0);
  const current = weights.map(() => 0);
  const slots: string[] = [];
  for (let turn = 0; turn < total; turn++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      current[i]! += weights[i]!;
      if (current[i]! > current[best]!) best = i;
    }
    current[best]! -= total;
    slots.push(live[best]!.userId);
  }
  return slots;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The rotation a target turns through before availability: one user, the team's pool, or weighted slots. */
export function rotationOf(action: RoutingAction, members: TeamMember[]): string[] {
  if (action.type === 'user') return [action.userId];
  if (action.type === 'team') return teamPool(action, members);
  return weightedSlots(action.members);
}

/**
 * The rotation with everyone who cannot take a lead now taken out (their slots dropped, so the others keep
 * their proportions), and whom it passed over, each once, in rotation order.
 */
export function availableRotation(
  action: RoutingAction,
  members: TeamMember[],
  availability: Availability,
): { pool: string[]; skipped: Skipped[] } {
  const byId = new Map(availability.people.map((p) => [p.userId, p]));
  const limit = action.type === 'user' ? undefined : action.maxOpenLeads;
  const verdicts = new Map<string, Skipped | null>();
  const pool: string[] = [];
  for (const userId of rotationOf(action, members)) {
    if (!verdicts.has(userId))
      verdicts.set(userId, skipReason(userId, byId.get(userId), availability, limit));
    if (verdicts.get(userId) === null) pool.push(userId);
  }
  const skipped = [...verdicts.values()].filter((s): s is Skipped => s !== null);
  return { pool, skipped };
}

function skipReason(
  userId: string,
  person: RoutingPerson | undefined,
  availability: Availability,
  limit: number | undefined,
): Skipped | null {
  if (!person) return { userId, reason: 'not-member' };
  if (!person.active) return { userId, reason: 'deactivated' };
  if (person.awayUntil && person.awayUntil > availability.now)
    return { userId, reason: 'away', until: person.awayUntil.toISOString() };
  const open = availability.loads?.get(userId) ?? 0;
  if (limit != null && availability.loads && open >= limit)
    return { userId, reason: 'over-limit', open, limit };
  return null;
}

/** The person a rotation's turn lands on: turns count from 0 and wrap around the pool. */
export function pickTurn(pool: readonly string[], turn: number): string | null {
  if (pool.length === 0) return null;
  return pool[((turn % pool.length) + pool.length) % pool.length]!;
}

/** Whether a rule's target needs open-lead counts to decide. */
export function isLoadAware(action: RoutingAction): boolean {
  return action.type !== 'user' && action.maxOpenLeads != null;
}
