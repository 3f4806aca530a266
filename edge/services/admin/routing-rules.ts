import { asc, inArray } from 'drizzle-orm';
import { memberships, routingRules } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { RoutingRuleInput } from '../../contract/admin';
import type { FieldError } from '../../contract/problem';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { isCatchAll, parseRoutingRules, type RoutingRule } from '../../core/route';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { createRoundRobinSequences, dropRoundRobinSequences } from '../ingest/route-lead';
import { lockOrganizationSettings } from './scoring-rules';

/** The organization's routing rules in evaluation order, disabled ones included. */
export async function listRoutingRules(db: Executor, organizationId: string): Promise<RoutingRule[]> {
  const rows = await db
    .select()
    .from(routingRules)
    .where(inOrg(routingRules, organizationId))
    .orderBy(asc(routingRules.position), asc(routingRules.id));
  return parseRoutingRules(rows);
}

/** The version of the organization's rule list now in force (0: never saved). */
export function rulesVersion(rules: RoutingRule[]): number {
  return rules.reduce((v, r) => Math.max(v, r.version ?? 1), 0);
}

/**
 * Replaces the whole list in one transaction as a new version; positions follow the array order. A rule
 * sent with the id of one of the organization's rules keeps that id and its round-robin turn; any other
 * rule gets a new id and a fresh rotation. Refused with pointers, saving nothing: a target who is not a
 * member or is deactivated, and an enabled catch-all rule before other enabled rules (they could never match).
 */
export async function replaceRoutingRules(
  deps: Pick<Deps, 'now' | 'newId' | 'caches'>,
  db: Db,
  auth: Auth,
  rules: RoutingRuleInput[],
): Promise<RoutingRule[]> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  assertReachable(rules);
  const saved = await db.transaction(async (tx) => {
    // Two concurrent replacements would otherwise each delete only the rows they saw and keep both lists.
    await lockOrganizationSettings(tx, organizationId);
    await assertTargetsCanTakeLeads(tx, organizationId, rules);
    const before = await listRoutingRules(tx, organizationId);
    const version = rulesVersion(before) + 1;
    const known = new Set(before.map((r) => r.id));
    const rows = rules.map((r, i) => ({
      id: r.id && known.has(r.id) ? r.id : deps.newId('rr'),
      organizationId,
      position: i + 1,
      name: r.name,
      enabled: r.enabled,
      condition: r.condition,
      action: r.action,
      version,
      createdAt: now,
    }));
    await tx.delete(routingRules).where(inOrg(routingRules, organizationId));
    if (rows.length > 0) await tx.insert(routingRules).values(rows);
    const kept = new Set(rows.map((r) => r.id));
    await dropRoundRobinSequences(
      tx,
      before.filter((r) => !kept.has(r.id)).map((r) => r.id),
    );
    await createRoundRobinSequences(
      tx,
      rows.filter((r) => r.action.type !== 'user').map((r) => r.id),
    );
    const after = parseRoutingRules(rows);
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'routing_rules',
        entityId: organizationId,
        type: 'routing_rules.replaced',
        actor: actorOf(auth),
        at: now,
        data: { version, before, after },
      },
    ]);
    return after;
  });
  deps.caches.orgConfig.invalidate(organizationId);
  return saved;
}

/** An enabled rule that takes every lead hides every enabled rule after it. */
function assertReachable(rules: RoutingRuleInput[]) {
  const enabled = rules.map((r, i) => ({ r, i })).filter(({ r }) => r.enabled);
  const errors: FieldError[] = enabled
    .slice(0, -1)
    .filter(({ r }) => isCatchAll(r.condition))
    .map(({ i }) => ({
      pointer: `/rules/${i}/condition`,
      detail: 'This rule takes every lead, so the enabled rules after it never match',
      code: 'rule_unreachable',
    }));
  if (errors.length > 0) throw new AppError('validation-failed', { errors });
}

/** Every person a rule names (a user, the people of a weighted rotation) must be an active member. */
async function assertTargetsCanTakeLeads(tx: Tx, organizationId: string, rules: RoutingRuleInput[]) {
  const named = rules.flatMap((r, i) => {
    if (r.action.type === 'user') return [{ pointer: `/rules/${i}/action/userId`, userId: r.action.userId }];
    if (r.action.type === 'weighted')
      return r.action.members.map((m, j) => ({
        pointer: `/rules/${i}/action/members/${j}/userId`,
        userId: m.userId,
      }));
    return [];
  });
  if (named.length === 0) return;
  const found = await tx
    .select({ userId: memberships.userId, status: memberships.status })
    .from(memberships)
    .where(
      inOrg(
        memberships,
        organizationId,
        inArray(memberships.userId, [...new Set(named.map((n) => n.userId))]),
      ),
    );
  const status = new Map(found.map((m) => [m.userId, m.status]));
  const errors: FieldError[] = named.flatMap((n): FieldError[] => {
    const s = status.get(n.userId);
    if (s === undefined)
      return [{ pointer: n.pointer, detail: 'Not a member of this organization', code: 'unknown_user' }];
    if (s !== 'active')
      return [{ pointer: n.pointer, detail: 'This member is deactivated', code: 'inactive_user' }];
    return [];
  });
  if (errors.length > 0) throw new AppError('validation-failed', { errors });
}
