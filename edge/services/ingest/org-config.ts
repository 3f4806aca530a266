import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  memberships,
  organizations,
  routingRules,
  scoringRules,
  teamMembers,
  teams,
} from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import { parseRoutingRules, type RoutingPerson, type RoutingRule, type TeamMember } from '../../core/route';
import { DEFAULT_SCORING_RULES, parseScoringRules, type ScoringRules } from '../../core/score';

/**
 * What ingestion needs to know about an organization: its scoring rules, routing rules, teams, who may take
 * routed leads (active or deactivated, away until when) and its time zone (business hours are read in it).
 */
export type OrgConfig = {
  scoring: { rules: ScoringRules; version: number };
  routing: RoutingRule[];
  members: TeamMember[];
  people: RoutingPerson[];
  timezone: string;
};

/**
 * Reads an organization's ingestion configuration: three small indexed queries, one after another, since
 * the caller may pass a transaction, which is one connection (queries sent to a busy pg client are
 * deprecated, and refused from pg 9). Ingestion reads it through a cache.
 */
export async function loadOrgConfig(db: Executor, organizationId: string): Promise<OrgConfig> {
  const scoring = await db
    .select({ version: scoringRules.version, rules: scoringRules.rules })
    .from(scoringRules)
    .where(inOrg(scoringRules, organizationId))
    .orderBy(desc(scoringRules.version))
    .limit(1);
  const routing = await db
    .select()
    .from(routingRules)
    .where(inOrg(routingRules, organizationId, eq(routingRules.enabled, true)))
    .orderBy(asc(routingRules.position));
  // One row per member and team (a member of no team: one row without a team), as teamPool reads them.
  const rows = await db
    .select({
      userId: memberships.userId,
      team: teams.name,
      senior: sql<boolean>`coalesce(${teamMembers.senior}, false)`,
      active: sql<boolean>`${memberships.status} = 'active'`,
      awayUntil: memberships.awayUntil,
    })
    .from(memberships)
    .leftJoin(
      teamMembers,
      and(
        eq(teamMembers.organizationId, memberships.organizationId),
        eq(teamMembers.userId, memberships.userId),
      ),
    )
    .leftJoin(teams, eq(teams.id, teamMembers.teamId))
    // Deactivated members stay in the rows, so a routing explanation can say it skipped them.
    .where(eq(memberships.organizationId, organizationId));
  const org = await db
    .select({ timezone: organizations.timezone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const people = new Map<string, RoutingPerson>();
  for (const r of rows)
    people.set(r.userId, { userId: r.userId, active: r.active, awayUntil: toDate(r.awayUntil) });
  const current = scoring[0];
  return {
    scoring: current
      ? { rules: parseScoringRules(current.rules), version: current.version }
      : { rules: DEFAULT_SCORING_RULES, version: 0 },
    routing: parseRoutingRules(routing),
    members: rows.map(({ userId, team, senior }) => ({ userId, team, senior })),
    people: [...people.values()],
    timezone: org[0]?.timezone ?? 'UTC',
  };
}

/** Timestamps selected through sql`` may arrive as text from some drivers. */
function toDate(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}
