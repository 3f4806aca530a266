import { eq, inArray, sql } from 'drizzle-orm';
import { leadMerges, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { MergeRequest, MergeResult } from '../../contract/duplicates';
import type { FieldError } from '../../contract/problem';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { beforeState, type MergeChange, planMerge, unionTags } from '../../core/merge-plan';
import { buildSearchText, companyMatchKey, foldForMatch } from '../../core/text';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { countRepointable, repointAll } from './merge-repoint';

type LeadRow = typeof leads.$inferSelect;

/** Dry runs roll back on purpose: this error carries the result out of the transaction. */
class DryRun extends Error {
  constructor(readonly result: MergeResult) {
    super('dry run');
  }
}

/** `validation-failed` before anything is read: the master among the merged, or a lead twice. */
function checkShape(input: MergeRequest): void {
  const errors = input.mergedIds.flatMap((id, i): FieldError[] =>
    id === input.masterId
      ? [{ pointer: `/mergedIds/${i}`, detail: 'A lead cannot be merged with itself', code: 'self_merge' }]
      : input.mergedIds.indexOf(id) !== i
        ? [{ pointer: `/mergedIds/${i}`, detail: `${id} is listed twice`, code: 'duplicate_id' }]
        : [],
  );
  if (errors.length) throw new AppError('validation-failed', { detail: errors[0]!.detail, errors });
}

/**
 * The leads of the merge, locked in id order (two merges over the same leads cannot deadlock). A lead of
 * another organization is "not found" like a missing one; a deleted or already merged lead is a conflict.
 */
async function lockLeads(tx: Tx, org: string, input: MergeRequest): Promise<Map<string, LeadRow>> {
  const ids = [input.masterId, ...input.mergedIds];
  const rows = await tx
    .select()
    .from(leads)
    .where(inOrg(leads, org, inArray(leads.id, ids)))
    .orderBy(leads.id)
    .for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pointerOf = (id: string) =>
    id === input.masterId ? '/masterId' : `/mergedIds/${input.mergedIds.indexOf(id)}`;
  const missing = ids.find((id) => !byId.has(id));
  if (missing)
    throw new AppError('not-found', {
      detail: `No lead ${missing}.`,
      errors: [{ pointer: pointerOf(missing), detail: 'Not found' }],
    });
  const gone = ids.filter((id) => byId.get(id)!.deletedAt);
  if (gone.length)
    throw new AppError('conflict', {
      detail: 'Merged or deleted leads cannot be merged.',
      errors: gone.map((id) => {
        const into = byId.get(id)!.mergedInto;
        const detail = into ? `Already merged into ${into}` : 'Deleted';
        return { pointer: pointerOf(id), detail, code: into ? 'already_merged' : 'deleted' };
      }),
    });
  return byId;
}

/**
 * A converted lead is the record its account, contact and opportunity came from, read-only except notes:
 * it may be the master (the duplicates' notes, documents and events join it), but it cannot be merged away,
 * and no field of it may change. Both are `lead-converted`, in a dry run too.
 */
function checkConverted(master: LeadRow, others: LeadRow[], changed: string[]): void {
  const converted = others.flatMap((l, i): FieldError[] =>
    l.convertedAt ? [{ pointer: `/mergedIds/${i}`, detail: `${l.id} is converted`, code: 'converted' }] : [],
  );
  if (converted.length)
    throw new AppError('lead-converted', {
      detail: 'A converted lead cannot be merged into another lead; choose it as the master instead.',
      errors: converted,
    });
  if (!master.convertedAt || !changed.length) return;
  throw new AppError('lead-converted', {
    detail: `The master ${master.id} is converted, so its fields cannot change; keep the master's values.`,
    errors: changed.map((field) => ({
      pointer: `/fields/${field}`,
      detail: `The converted master keeps its ${field}`,
      code: 'master_converted',
    })),
  });
}

/** The master's derived match keys and search text after the chosen fields are in. */
function derivedKeys(master: LeadRow, patch: Record<string, unknown>) {
  const next = { ...master, ...patch } as LeadRow;
  return {
    companyKey: companyMatchKey(next.company),
    lastNameKey: foldForMatch(next.lastName),
    searchText: buildSearchText([next.firstName, next.lastName, next.company]),
  };
}

/** What a change looks like on the wire: contact fields decrypted (only owners merge). */
async function describe(deps: Pick<Deps, 'pii'>, master: LeadRow, c: MergeChange) {
  const plain = async (field: 'email' | 'phone' | 'personal_email', ct: unknown) =>
    typeof ct === 'string' ? deps.pii.decrypt(master.organizationId, field, ct) : null;
  const raw = master as unknown as Record<string, unknown>;
  if (c.field === 'email')
    return {
      from: await plain('email', master.emailCiphertext),
      to: await plain('email', c.patch.emailCiphertext),
    };
  if (c.field === 'phone')
    return {
      from: await plain('phone', master.phoneCiphertext),
      to: await plain('phone', c.patch.phoneCiphertext),
    };
  if (c.field === 'personalEmail')
    return {
      from: await plain('personal_email', master.personalEmailCiphertext),
      to: await plain('personal_email', c.patch.personalEmailCiphertext),
    };
  return { from: raw[c.field] ?? null, to: c.patch[c.field] ?? null };
}

/**
 * Merges leads into a master in one transaction: the master takes the chosen fields, the others' notes,
 * document links, events, opportunities and notifications move to it, the others are soft-deleted with
 * `merged_into`, and an undo journal plus an audit event are written. A dry run does all of it and rolls
 * back, so it reports exactly what the merge would change.
 */
export async function mergeLeads(deps: Deps, db: Db, auth: Auth, input: MergeRequest): Promise<MergeResult> {
  checkShape(input);
  try {
    return await db.transaction(async (tx) => {
      const byId = await lockLeads(tx, auth.organizationId, input);
      const master = byId.get(input.masterId)!;
      const others = input.mergedIds.map((id) => byId.get(id)!);
      const plan = planMerge(master, others, input.fields);
      if (!plan.ok)
        throw new AppError('validation-failed', { detail: plan.errors[0]!.detail, errors: plan.errors });
      checkConverted(
        master,
        others,
        plan.changes.map((c) => c.field),
      );
      const changes: MergeResult['changes'] = await Promise.all(
        plan.changes.map(async (c) => ({
          field: c.field,
          sourceId: c.sourceId,
          ...(await describe(deps, master, c)),
        })),
      );
      // A converted master's tags are read-only like its other fields: the duplicates' tags stay on them.
      const tags = master.convertedAt ? null : unionTags(master, others);
      if (tags) changes.push({ field: 'tags', sourceId: '*', from: master.tags, to: tags });
      const patch = tags ? { ...plan.patch, tags } : plan.patch;
      const base = { masterId: master.id, mergedIds: input.mergedIds, changes };
      if (input.dryRun)
        throw new DryRun({
          ...base,
          dryRun: true,
          mergeId: null,
          repointed: await countRepointable(tx, {
            org: auth.organizationId,
            master: master.id,
            ids: input.mergedIds,
          }),
        });
      const { mergeId, repointed } = await applyMerge(deps, tx, auth, master, patch, input);
      await auditMerge(
        deps,
        tx,
        auth,
        mergeId,
        input,
        changes.map((c) => c.field),
        repointed,
      );
      return { ...base, dryRun: false, mergeId, repointed };
    });
  } catch (e) {
    if (e instanceof DryRun) return e.result;
    throw e;
  }
}

/**
 * The writes of a merge: the merged leads soft-deleted first (the master may take their email or phone,
 * which the partial unique indexes allow only once they are not live), their rows repointed, the master
 * updated, and the journal stored.
 */
async function applyMerge(
  deps: Pick<Deps, 'now' | 'newId'>,
  tx: Tx,
  auth: Auth,
  master: LeadRow,
  planned: Record<string, unknown>,
  input: MergeRequest,
) {
  const now = deps.now();
  const org = auth.organizationId;
  await tx
    .update(leads)
    .set({ deletedAt: now, mergedInto: master.id, updatedAt: now, version: sql`${leads.version} + 1` })
    .where(inOrg(leads, org, inArray(leads.id, input.mergedIds)));
  const moved = await repointAll(tx, { org, master: master.id, ids: input.mergedIds });
  const patch = { ...planned, ...derivedKeys(master, planned) };
  const version = master.version + 1;
  await tx
    .update(leads)
    .set({ ...patch, updatedAt: now, version })
    .where(eq(leads.id, master.id));
  const mergeId = deps.newId('mrg');
  await tx.insert(leadMerges).values({
    id: mergeId,
    organizationId: org,
    masterId: master.id,
    mergedIds: input.mergedIds,
    fields: input.fields,
    journal: { masterBefore: beforeState(master, patch), masterVersionAfter: version, repointed: moved },
    mergedBy: auth.userId ?? auth.apiKeyId,
    createdAt: now,
  });
  const repointed = Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v.length]));
  return { mergeId, repointed };
}

/** One event on the master listing the merged ids and chosen fields, and one on each merged lead. */
async function auditMerge(
  deps: Pick<Deps, 'now'>,
  tx: Tx,
  auth: Auth,
  mergeId: string,
  input: MergeRequest,
  changedFields: string[],
  repointed: Record<string, number>,
): Promise<void> {
  const at = deps.now();
  const base = { organizationId: auth.organizationId, actor: actorOf(auth), at };
  await recordEvents(tx, [
    {
      ...base,
      leadId: input.masterId,
      type: 'merged',
      data: { mergeId, mergedIds: input.mergedIds, fields: input.fields, changedFields, repointed },
    },
    ...input.mergedIds.map((id) => ({
      ...base,
      leadId: id,
      type: 'merged_into',
      data: { mergeId, masterId: input.masterId },
    })),
  ]);
}
