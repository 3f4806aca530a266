import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  duplicateClusterMembers,
  duplicateClusters,
  duplicateDismissals,
  duplicateLinks,
  leads,
} from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { Cluster, ClusterMember } from '../../contract/duplicates';
import { actorOf } from '../../core/actor';
import { fromOpaque, toOpaque } from '../../core/base64';
import { pairsWithin } from '../../core/clusters';
import { AppError } from '../../core/errors';
import { hasRole } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

type Page = { limit: number; cursor?: string };

/** `j•••@example.com` / `•••• 4567`: enough to tell records apart without disclosing the value. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  return `•••• ${phone.slice(-4)}`;
}

function decodeCursor(cursor: string | undefined): { s: number; id: string } | null {
  if (!cursor) return null;
  const v = fromOpaque(cursor) as { s?: unknown; id?: unknown } | null | undefined;
  if (typeof v?.s === 'number' && typeof v.id === 'string') return { s: v.s, id: v.id };
  throw new AppError('invalid-parameter', {
    detail: 'Not a cursor of this list.',
    errors: [{ pointer: '/cursor', detail: 'Invalid cursor' }],
  });
}

function encodeCursor(s: number, id: string): string {
  return toOpaque({ s, id });
}

/** A page of clusters that still have two live members, best score first; members decrypted per role. */
export async function listDuplicates(deps: Pick<Deps, 'pii'>, db: Db, auth: Auth, page: Page) {
  const org = auth.organizationId;
  const after = decodeCursor(page.cursor);
  const live = sql`(select count(*) from ${duplicateClusterMembers} m join ${leads} l on l.id = m.lead_id
    where m.cluster_id = ${duplicateClusters.id} and l.deleted_at is null) >= 2`;
  const rows = await db
    .select()
    .from(duplicateClusters)
    .where(
      inOrg(
        duplicateClusters,
        org,
        live,
        after
          ? sql`(${duplicateClusters.score}, ${duplicateClusters.id}) < (${after.s}::real, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(sql`${duplicateClusters.score} desc`, sql`${duplicateClusters.id} desc`)
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const clusters = rows.slice(0, page.limit);
  const members = await membersOf(
    deps,
    db,
    auth,
    clusters.map((c) => c.id),
  );
  const items: Cluster[] = clusters.map((c) => ({
    id: c.id,
    rule: c.rule,
    score: c.score,
    members: members.filter((m) => m.clusterId === c.id).map(({ clusterId: _, ...m }) => m),
  }));
  const last = clusters.at(-1);
  const [scan] = await db
    .select({ at: sql<string | null>`max(${duplicateClusters.createdAt})::text` })
    .from(duplicateClusters)
    .where(eq(duplicateClusters.organizationId, org));
  return {
    items,
    nextCursor: more && last ? encodeCursor(last.score, last.id) : null,
    scannedAt: scan?.at ? new Date(scan.at).toISOString() : null,
  };
}

async function membersOf(deps: Pick<Deps, 'pii'>, db: Db, auth: Auth, clusterIds: string[]) {
  if (clusterIds.length === 0) return [];
  const rows = await db
    .select({
      clusterId: duplicateClusterMembers.clusterId,
      matchedWith: duplicateClusterMembers.matchedWith,
      rule: duplicateClusterMembers.rule,
      score: duplicateClusterMembers.score,
      lead: leads,
    })
    .from(duplicateClusterMembers)
    .innerJoin(leads, eq(leads.id, duplicateClusterMembers.leadId))
    .where(
      and(
        inOrg(
          duplicateClusterMembers,
          auth.organizationId,
          inArray(duplicateClusterMembers.clusterId, clusterIds),
        ),
        isNull(leads.deletedAt),
      ),
    )
    .orderBy(leads.createdAt);
  const plain = hasRole(auth.role, 'admin');
  return Promise.all(
    rows.map(async ({ clusterId, lead: l, ...m }): Promise<ClusterMember & { clusterId: string }> => {
      const email = l.emailCiphertext
        ? await deps.pii.decrypt(l.organizationId, 'email', l.emailCiphertext)
        : null;
      const phone = l.phoneCiphertext
        ? await deps.pii.decrypt(l.organizationId, 'phone', l.phoneCiphertext)
        : null;
      return {
        clusterId,
        id: l.id,
        firstName: l.firstName,
        lastName: l.lastName,
        company: l.company,
        title: l.title,
        city: l.city,
        status: l.status,
        email: email && !plain ? maskEmail(email) : email,
        phone: phone && !plain ? maskPhone(phone) : phone,
        updatedAt: l.updatedAt.toISOString(),
        createdAt: l.createdAt.toISOString(),
        convertedAt: l.convertedAt?.toISOString() ?? null,
        match:
          m.matchedWith && m.rule && m.score !== null
            ? { leadId: m.matchedWith, rule: m.rule, similarity: m.score }
            : null,
      };
    }),
  );
}

/**
 * "Not a duplicate": every pair within the cluster is stored as dismissed (so no later scan brings it
 * back), ingestion's links between them are marked dismissed, and the cluster leaves the list.
 */
export async function dismissCluster(deps: Pick<Deps, 'now'>, db: Db, auth: Auth, clusterId: string) {
  const org = auth.organizationId;
  await db.transaction(async (tx) => {
    const members = await tx
      .select({ leadId: duplicateClusterMembers.leadId })
      .from(duplicateClusterMembers)
      .where(inOrg(duplicateClusterMembers, org, eq(duplicateClusterMembers.clusterId, clusterId)));
    if (members.length === 0)
      throw new AppError('not-found', { detail: `No duplicate cluster ${clusterId}.` });
    const ids = members.map((m) => m.leadId);
    const now = deps.now();
    const pairs = pairsWithin(ids);
    await tx
      .insert(duplicateDismissals)
      .values(
        pairs.map(([a, b]) => ({
          organizationId: org,
          leadA: a,
          leadB: b,
          dismissedBy: auth.userId,
          createdAt: now,
        })),
      )
      .onConflictDoNothing();
    await tx
      .update(duplicateLinks)
      .set({ status: 'dismissed' })
      .where(
        inOrg(
          duplicateLinks,
          org,
          inArray(duplicateLinks.leadId, ids),
          inArray(duplicateLinks.duplicateOf, ids),
        ),
      );
    await tx
      .delete(duplicateClusters)
      .where(inOrg(duplicateClusters, org, eq(duplicateClusters.id, clusterId)));
    await recordEvents(tx, [
      {
        organizationId: org,
        entityType: 'duplicate_cluster',
        entityId: clusterId,
        type: 'duplicates_dismissed',
        actor: actorOf(auth),
        at: now,
        data: { leadIds: ids },
      },
    ]);
  });
}
