import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { memberships, routingRules, scoringRules, teamMembers, teams } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import { parseRoutingRules, type RoutingRule, type TeamMember } from '../../core/route';
import { DEFAULT_SCORING_RULES, parseScoringRules, type ScoringRules } from '../../core/score';

/** What ingestion needs to know about an organization: its scoring rules, routing rules and teams. */
export type OrgConfig = {
  scoring: { rules: ScoringRules; version: number };
  routing: RoutingRule[];
  members: TeamMember[];
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
  const members = await db
    .select({
      userId: memberships.userId,
      team: teams.name,
      senior: sql<boolean>`coalesce(${teamMembers.senior}, false)`,
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
    // Deactivated members take no routed leads.
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.status, 'active')));
  const current = scoring[0];
  return {
    scoring: current
      ? { rules: parseScoringRules(current.rules), version: current.version }
      : { rules: DEFAULT_SCORING_RULES, version: 0 },
    routing: parseRoutingRules(routing),
    members,
  };
}
