/*
 * Routing teams: the pools round-robin routing rules assign over. Rules name a team; renaming a team
 * renames it in those rules, and a team an enabled rule names cannot be deleted.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { memberships, routingRules, teamMembers, teams, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { Team, TeamMembership, TeamName } from '../../contract/teams';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { canTakeLeads } from '../../core/permissions';
import { parseRoutingRules, type RoutingRule } from '../../core/route';
import { cleanText, foldForMatch } from '../../core/text';
import type { Auth, Deps } from '../../deps';
import { lockOrganizationSettings } from '../admin/scoring-rules';
import { type EventInput, recordEvents } from '../audit/events';

type TeamDeps = Pick<Deps, 'now' | 'caches'>;

/** The comparison key of a team name: what uniqueness and routing compare. */
export const teamKey = (name: string) => foldForMatch(name.trim());

/** The organization's teams by name, each with its members by name; `teamId` narrows it to one. */
export async function listTeams(
  db: Executor,
  organizationId: string,
  teamId?: string,
): Promise<{ items: Team[] }> {
  const rows = await db
    .select({ id: teams.id, name: teams.name, createdAt: teams.createdAt })
    .from(teams)
    .where(inOrg(teams, organizationId, teamId ? eq(teams.id, teamId) : undefined))
    .orderBy(asc(teams.nameKey), asc(teams.id));
  if (rows.length === 0) return { items: [] };
  const members = await db
    .select({
      teamId: teamMembers.teamId,
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      senior: teamMembers.senior,
    })
    .from(teamMembers)
    .innerJoin(
      memberships,
      and(
        eq(memberships.organizationId, teamMembers.organizationId),
        eq(memberships.userId, teamMembers.userId),
      ),
    )
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      inOrg(
        teamMembers,
        organizationId,
        inArray(
          teamMembers.teamId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  return {
    items: rows.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.createdAt.toISOString(),
      members: members.filter((m) => m.teamId === t.id).map(({ teamId: _team, ...m }) => m),
    })),
  };
}

async function teamOf(db: Executor, organizationId: string, teamId: string): Promise<Team> {
  const [team] = (await listTeams(db, organizationId, teamId)).items;
  if (!team) throw new AppError('not-found', { detail: `No team ${teamId}.` });
  return team;
}

/** 422 at `/name` when another team of the organization has the same name after folding. */
async function assertNameFree(tx: Tx, organizationId: string, key: string, except?: string) {
  const [taken] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(inOrg(teams, organizationId, eq(teams.nameKey, key)));
  if (taken && taken.id !== except)
    throw new AppError('validation-failed', {
      detail: 'Another team has this name',
      errors: [{ pointer: '/name', detail: 'Another team has this name', code: 'duplicate' }],
    });
}

function teamEvent(
  auth: Auth,
  teamId: string,
  type: string,
  at: Date,
  data: Record<string, unknown>,
): EventInput {
  return {
    organizationId: auth.organizationId,
    entityType: 'team',
    entityId: teamId,
    type,
    actor: actorOf(auth),
    at,
    data,
  };
}

/**
 * Runs one change of the organization's teams in a transaction under the settings lock (the one routing
 * rule edits take, so a rename and a rule replacement cannot interleave), then drops ingestion's cached
 * routing configuration.
 */
async function changeTeams<T>(deps: TeamDeps, db: Db, auth: Auth, change: (tx: Tx, now: Date) => Promise<T>) {
  const now = deps.now();
  const result = await db.transaction(async (tx) => {
    await lockOrganizationSettings(tx, auth.organizationId);
    return change(tx, now);
  });
  deps.caches.orgConfig.invalidate(auth.organizationId);
  return result;
}

/** Creates an empty team; 422 at `/name` when the name is taken. */
export async function createTeam(
  deps: TeamDeps & Pick<Deps, 'newId'>,
  db: Db,
  auth: Auth,
  input: TeamName,
): Promise<Team> {
  const name = cleanText(input.name) ?? input.name;
  const id = await changeTeams(deps, db, auth, async (tx, now) => {
    await assertNameFree(tx, auth.organizationId, teamKey(name));
    const id = deps.newId('team');
    await tx
      .insert(teams)
      .values({ id, organizationId: auth.organizationId, name, nameKey: teamKey(name), createdAt: now });
    await recordEvents(tx, [teamEvent(auth, id, 'team.created', now, { before: null, after: { name } })]);
    return id;
  });
  return teamOf(db, auth.organizationId, id);
}

/** The organization's routing rules that name the team (folded, as routing compares). */
async function rulesNaming(tx: Executor, organizationId: string, key: string): Promise<RoutingRule[]> {
  const rows = await tx
    .select()
    .from(routingRules)
    .where(inOrg(routingRules, organizationId))
    .orderBy(asc(routingRules.position), asc(routingRules.id));
  return parseRoutingRules(rows).filter((r) => r.action.type === 'team' && teamKey(r.action.team) === key);
}

/**
 * Renames a team, and in the same transaction every routing rule that names it, so routing keeps
 * assigning to the same people (each rule keeps its id and so its round-robin turn).
 */
export async function renameTeam(deps: TeamDeps, db: Db, auth: Auth, teamId: string, input: TeamName) {
  const name = cleanText(input.name) ?? input.name;
  await changeTeams(deps, db, auth, async (tx, now) => {
    const before = await teamOf(tx, auth.organizationId, teamId);
    if (before.name === name) return;
    const key = teamKey(name);
    await assertNameFree(tx, auth.organizationId, key, teamId);
    await tx
      .update(teams)
      .set({ name, nameKey: key })
      .where(inOrg(teams, auth.organizationId, eq(teams.id, teamId)));
    const rules = await rulesNaming(tx, auth.organizationId, teamKey(before.name));
    const renamed = rules.map((r) => ({ ...r, action: { ...r.action, team: name } }));
    for (const rule of renamed)
      await tx
        .update(routingRules)
        .set({ action: rule.action })
        .where(inOrg(routingRules, auth.organizationId, eq(routingRules.id, rule.id)));
    const events = [
      teamEvent(auth, teamId, 'team.renamed', now, {
        before: { name: before.name },
        after: { name },
        routingRules: rules.map((r) => r.id),
      }),
    ];
    if (rules.length > 0)
      events.push({
        organizationId: auth.organizationId,
        entityType: 'routing_rules',
        entityId: auth.organizationId,
        type: 'routing_rules.team_renamed',
        actor: actorOf(auth),
        at: now,
        data: { before: rules, after: renamed },
      });
    await recordEvents(tx, events);
  });
  return teamOf(db, auth.organizationId, teamId);
}

/** Deletes a team and its memberships; 409 `team-in-use`, listing the rules, while an enabled rule names it. */
export async function deleteTeam(deps: TeamDeps, db: Db, auth: Auth, teamId: string): Promise<void> {
  await changeTeams(deps, db, auth, async (tx, now) => {
    const before = await teamOf(tx, auth.organizationId, teamId);
    const rules = (await rulesNaming(tx, auth.organizationId, teamKey(before.name))).filter((r) => r.enabled);
    if (rules.length > 0)
      throw new AppError('team-in-use', {
        detail: `Enabled routing rules assign leads to this team: ${rules.map((r) => r.name).join(', ')}.`,
        extensions: { rules: rules.map((r) => ({ id: r.id, name: r.name })) },
      });
    await tx.delete(teams).where(inOrg(teams, auth.organizationId, eq(teams.id, teamId)));
    await recordEvents(tx, [
      teamEvent(auth, teamId, 'team.deleted', now, {
        before: {
          name: before.name,
          members: before.members.map((m) => ({ userId: m.id, senior: m.senior })),
        },
        after: null,
      }),
    ]);
  });
}

/**
 * Adds a member to a team, or sets their senior flag when they are in it. 404 for a user who is not a
 * member of the organization; 422 for one who cannot take leads (a viewer, a deactivated member).
 */
export async function putTeamMember(
  deps: TeamDeps,
  db: Db,
  auth: Auth,
  teamId: string,
  userId: string,
  input: TeamMembership,
): Promise<Team> {
  await changeTeams(deps, db, auth, async (tx, now) => {
    const team = await teamOf(tx, auth.organizationId, teamId);
    const current = team.members.find((m) => m.id === userId);
    if (current?.senior === input.senior) return;
    if (!current) await assertCanJoin(tx, auth.organizationId, userId);
    await tx
      .insert(teamMembers)
      .values({ organizationId: auth.organizationId, teamId, userId, senior: input.senior, createdAt: now })
      .onConflictDoUpdate({
        target: [teamMembers.teamId, teamMembers.userId],
        set: { senior: input.senior },
      });
    await recordEvents(tx, [
      teamEvent(auth, teamId, current ? 'team.member_changed' : 'team.member_added', now, {
        userId,
        before: current ? { senior: current.senior } : null,
        after: { senior: input.senior },
      }),
    ]);
  });
  return teamOf(db, auth.organizationId, teamId);
}

async function assertCanJoin(tx: Tx, organizationId: string, userId: string) {
  const [member] = await tx
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(inOrg(memberships, organizationId, eq(memberships.userId, userId)));
  if (!member) throw new AppError('not-found', { detail: `No member ${userId}.` });
  if (member.status !== 'active' || !canTakeLeads(member.role))
    throw new AppError('validation-failed', {
      detail: 'Not an active member who can take leads',
      errors: [
        { pointer: '/userId', detail: 'Not an active member who can take leads', code: 'invalid_assignee' },
      ],
    });
}

/** Takes a member out of a team; 404 when they are not in it. */
export async function removeTeamMember(deps: TeamDeps, db: Db, auth: Auth, teamId: string, userId: string) {
  await changeTeams(deps, db, auth, async (tx, now) => {
    await teamOf(tx, auth.organizationId, teamId);
    const [removed] = await tx
      .delete(teamMembers)
      .where(
        inOrg(
          teamMembers,
          auth.organizationId,
          eq(teamMembers.teamId, teamId),
          eq(teamMembers.userId, userId),
        ),
      )
      .returning({ senior: teamMembers.senior });
    if (!removed) throw new AppError('not-found', { detail: `${userId} is not in team ${teamId}.` });
    await recordEvents(tx, [
      teamEvent(auth, teamId, 'team.member_removed', now, {
        userId,
        before: { senior: removed.senior },
        after: null,
      }),
    ]);
  });
  return teamOf(db, auth.organizationId, teamId);
}

/**
 * The members a team hands leads to when someone leaves: its active members who can take leads, except
 * `leaving`, by id (the order every process agrees on). 422 at `/leads/teamId` for another organization's
 * team or an empty pool.
 */
export async function teamHeirs(tx: Executor, organizationId: string, teamId: string, leaving: string) {
  const pointer = '/leads/teamId';
  const [team] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(inOrg(teams, organizationId, eq(teams.id, teamId)));
  if (!team)
    throw new AppError('validation-failed', {
      detail: 'No such team',
      errors: [{ pointer, detail: 'No such team', code: 'not_found' }],
    });
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(teamMembers)
    .innerJoin(
      memberships,
      and(
        eq(memberships.organizationId, teamMembers.organizationId),
        eq(memberships.userId, teamMembers.userId),
      ),
    )
    .where(
      inOrg(
        teamMembers,
        organizationId,
        eq(teamMembers.teamId, teamId),
        eq(memberships.status, 'active'),
        sql`${teamMembers.userId} <> ${leaving}`,
      ),
    )
    .orderBy(asc(teamMembers.userId));
  const heirs = rows.filter((r) => canTakeLeads(r.role)).map((r) => r.userId);
  if (heirs.length === 0)
    throw new AppError('validation-failed', {
      detail: 'The team has no other active member who can take leads',
      errors: [
        { pointer, detail: 'The team has no other active member who can take leads', code: 'empty_team' },
      ],
    });
  return heirs;
}
