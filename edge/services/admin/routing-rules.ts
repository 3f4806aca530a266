import { asc, inArray } from 'drizzle-orm';
import { memberships, routingRules } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { RoutingRuleInput } from '../../contract/admin';
import type { FieldError } from '../../contract/problem';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { parseRoutingRules, type RoutingRule } from '../../core/route';
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

/**
 * Replaces the whole list in one transaction; positions follow the array order. Every rule gets a new id
 * and a fresh round-robin sequence: an edited team rule simply starts its rotation over.
 */
export async function replaceRoutingRules(
  deps: Pick<Deps, 'now' | 'newId' | 'caches'>,
  db: Db,
  auth: Auth,
  rules: RoutingRuleInput[],
): Promise<RoutingRule[]> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  const saved = await db.transaction(async (tx) => {
    // Two concurrent replacements would otherwise each delete only the rows they saw and keep both lists.
    await lockOrganizationSettings(tx, organizationId);
    await assertAssigneesAreMembers(tx, organizationId, rules);
    const before = await listRoutingRules(tx, organizationId);
    await tx.delete(routingRules).where(inOrg(routingRules, organizationId));
    const rows = rules.map((r, i) => ({
      id: deps.newId('rr'),
      organizationId,
      position: i + 1,
      name: r.name,
      enabled: r.enabled,
      condition: r.condition,
      action: r.action,
      createdAt: now,
    }));
    if (rows.length > 0) await tx.insert(routingRules).values(rows);
    await dropRoundRobinSequences(
      tx,
      before.map((r) => r.id),
    );
    await createRoundRobinSequences(
      tx,
      rows.filter((r) => r.action.type === 'team').map((r) => r.id),
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
        data: { before, after },
      },
    ]);
    return after;
  });
  deps.caches.orgConfig.invalidate(organizationId);
  return saved;
}

/** A `user` action must name a member of the organization; each one that does not gets a pointer. */
async function assertAssigneesAreMembers(tx: Tx, organizationId: string, rules: RoutingRuleInput[]) {
  const named = rules.flatMap((r, i) => (r.action.type === 'user' ? [{ i, userId: r.action.userId }] : []));
  if (named.length === 0) return;
  const found = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      inOrg(
        memberships,
        organizationId,
        inArray(memberships.userId, [...new Set(named.map((n) => n.userId))]),
      ),
    );
  const members = new Set(found.map((m) => m.userId));
  const errors: FieldError[] = named
    .filter((n) => !members.has(n.userId))
    .map((n) => ({
      pointer: `/rules/${n.i}/action/userId`,
      detail: 'Not a member of this organization',
      code: 'unknown_user',
    }));
  if (errors.length > 0) throw new AppError('validation-failed', { errors });
}
