import { asc, desc, inArray, isNull } from 'drizzle-orm';
import { bulkOperations, leads } from '../../../db/schema';
import { insertEvents, insertJournal, leadEventOf, writeFields } from '../../../db/sql/bulk-write';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { BulkRequest, BulkResult, BulkSkip } from '../../contract/bulk';
import type { LeadFilter } from '../../contract/leads';
import { actorOf } from '../../core/actor';
import {
  BULK_LIMIT,
  type BulkAction,
  type BulkLead,
  type BulkPlan,
  planBulkChange,
  UNDO_WINDOW_MS,
} from '../../core/bulk';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { type EventInput, recordEvents } from '../audit/events';
import { recordNotices } from '../audit/notices';
import { closeOpenTasksOf } from '../tasks/tasks';
import { assertCanTake } from './assign';
import { filterConditions, searchCondition } from './filters';

const BULK_COLUMNS = {
  id: leads.id,
  status: leads.status,
  lossReason: leads.lossReason,
  lossReasonText: leads.lossReasonText,
  statusChangedAt: leads.statusChangedAt,
  statusChangedBy: leads.statusChangedBy,
  contactedAt: leads.contactedAt,
  contactedBy: leads.contactedBy,
  qualifiedAt: leads.qualifiedAt,
  qualifiedBy: leads.qualifiedBy,
  lostAt: leads.lostAt,
  lostBy: leads.lostBy,
  lastActivityAt: leads.lastActivityAt,
  assignedTo: leads.assignedTo,
  tags: leads.tags,
  deletedAt: leads.deletedAt,
  convertedAt: leads.convertedAt,
};

type Selected = {
  rows: BulkLead[];
  missing: string[];
  /** Whether a filter matched more leads than it took. */
  moreMatched: boolean;
  selection: Record<string, unknown>;
};
type Change = Extract<BulkPlan, { kind: 'change' }>;

/**
 * Applies one action to up to BULK_LIMIT leads in one transaction: the leads are read once (locked), each
 * is decided by the same rules as a single change (RBAC, status machine, tags), the changed ones are
 * written by one set-based UPDATE, journaled for undo, and each gets its event, plus one audit event for
 * the operation. Leads the caller may not change, or that would not change, are listed as skipped.
 */
export async function bulkUpdateLeads(
  deps: Deps,
  db: Db,
  auth: Auth,
  request: BulkRequest,
): Promise<BulkResult> {
  const op = toAction(request);
  assertLossReason(op);
  // The PRD's RBAC: "Owner: admin + import, merge, bulk delete". One lead at a time, admins may delete.
  if (op.action === 'delete' && auth.role !== 'owner')
    throw new AppError('forbidden', {
      detail: 'Deleting leads in bulk is for owners; delete them one by one instead.',
    });
  const now = deps.now();
  return db.transaction(async (tx) => {
    if (op.action === 'assign' && op.assigneeId !== null)
      await assertCanTake(tx, auth.organizationId, op.assigneeId);
    const selected = await selectLeads(deps, tx, auth, request.selection, now);
    const caller = { role: auth.role, userId: auth.userId };
    const plans = selected.rows.map((lead) => planBulkChange(op, lead, caller, now));
    const changes = plans.filter((p): p is Change => p.kind === 'change');
    const skipped: BulkSkip[] = [
      ...selected.missing.map((id) => ({ id, reason: 'not-found' as const })),
      ...plans.flatMap((p) => (p.kind === 'skip' ? [{ id: p.id, reason: p.reason }] : [])),
    ];
    const taken = {
      selected: selected.rows.length + selected.missing.length,
      moreMatched: selected.moreMatched,
    };
    if (changes.length === 0) return { operationId: null, changed: 0, skipped, undoUntil: null, ...taken };
    const operationId = deps.newId('bop');
    await applyChanges(deps, tx, auth, op, operationId, changes, now);
    const audit = { action: op.action, params: paramsOf(op), selection: selected.selection };
    await recordEvents(tx, [
      operationEvent(
        auth,
        operationId,
        'bulk_applied',
        { ...audit, changed: changes.length, skipped: skipped.length },
        now,
      ),
    ]);
    const undoUntil = new Date(now.getTime() + UNDO_WINDOW_MS).toISOString();
    return { operationId, changed: changes.length, skipped, undoUntil, ...taken };
  });
}

/** Records the operation, writes the changes set-based, journals them for undo, one event per lead. */
async function applyChanges(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  auth: Auth,
  op: BulkAction,
  operationId: string,
  changes: Change[],
  now: Date,
) {
  const actor = actorOf(auth);
  await tx.insert(bulkOperations).values({
    id: operationId,
    organizationId: auth.organizationId,
    action: op.action,
    params: paramsOf(op),
    actorType: actor.type,
    actorId: actor.id,
    changed: changes.length,
    createdAt: now,
  });
  const rows = changes.map((c) => ({ id: c.id, values: c.after }));
  const versions = await writeFields(tx, auth.organizationId, op.action, rows, now);
  const entries = changes.map((c) => ({ ...c, leadId: c.id, versionAfter: versions.get(c.id) ?? 0 }));
  await insertJournal(tx, auth.organizationId, operationId, entries);
  await insertEvents(
    tx,
    changes.map((c) => changeEvent(auth, op.action, c, operationId, versions.get(c.id), now)),
  );
  if (op.action === 'status' && op.closeOpenTasks)
    await closeOpenTasksOf(
      tx,
      auth,
      changes.map((c) => c.id),
      now,
      'lost',
    );
  if (op.action === 'assign' && op.assigneeId && op.assigneeId !== auth.userId)
    await notifyAssignee(deps, tx, auth.organizationId, op.assigneeId, changes.length, operationId, now);
}

/** One notification and one email for the new assignee, however many leads they got (not one per lead). */
async function notifyAssignee(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  organizationId: string,
  userId: string,
  count: number,
  operationId: string,
  now: Date,
) {
  const data = { count, operationId };
  await recordNotices(deps, tx, [
    {
      organizationId,
      userId,
      type: 'leads.assigned',
      data,
      link: '/app/leads?assignee=me',
      email: { template: 'leads-assigned', data },
      at: now,
    },
  ]);
}

function toAction(r: BulkRequest): BulkAction {
  const { selection: _selection, ...op } = r;
  return op as BulkAction;
}

function paramsOf(op: BulkAction): Record<string, unknown> {
  const { action: _action, ...params } = op as BulkAction & Record<string, unknown>;
  return params;
}

/** LOST needs a reason (and OTHER a text) for the whole operation: `validation-failed` before anything is read. */
function assertLossReason(op: BulkAction): void {
  if (op.action !== 'status') return;
  const fail = (pointer: string, detail: string) => {
    throw new AppError('validation-failed', { detail, errors: [{ pointer, detail, code: 'required' }] });
  };
  if (op.status === 'LOST' && !op.lossReason) fail('/lossReason', 'Losing leads needs a loss reason');
  if (op.status === 'LOST' && op.lossReason === 'OTHER' && !op.lossReasonText?.trim())
    fail('/lossReasonText', 'Say why, for the reason Other');
  if (op.status !== 'LOST' && op.closeOpenTasks)
    throw new AppError('validation-failed', {
      detail: 'Only marking leads LOST closes their tasks',
      errors: [
        {
          pointer: '/closeOpenTasks',
          detail: 'Only marking leads LOST closes their tasks',
          code: 'not_allowed',
        },
      ],
    });
  if (op.status !== 'LOST' && (op.lossReason || op.lossReasonText?.trim()))
    throw new AppError('validation-failed', {
      detail: 'Only LOST takes a loss reason',
      errors: [{ pointer: '/lossReason', detail: 'Only LOST takes a loss reason', code: 'not_allowed' }],
    });
}

/**
 * The selected live leads of the caller's organization, locked. Ids of another organization are
 * indistinguishable from missing ones; more than BULK_LIMIT ids is `too-many-leads`, saying how many. A filter takes
 * its first BULK_LIMIT matches in the list's default order (highest score first) and says whether more
 * matched, so "all matching" works on the real set however far past the limit it reaches.
 */
async function selectLeads(
  deps: Deps,
  tx: Tx,
  auth: Auth,
  selection: BulkRequest['selection'],
  now: Date,
): Promise<Selected> {
  const org = auth.organizationId;
  const base = tx.select(BULK_COLUMNS).from(leads);
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    if (ids.length > BULK_LIMIT) throw tooMany(ids.length, '/selection/ids');
    const rows = await base
      .where(inOrg(leads, org, inArray(leads.id, ids), isNull(leads.deletedAt)))
      .for('update');
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    return { rows, missing, moreMatched: false, selection: { ids: ids.length } };
  }
  const filter: LeadFilter = selection.filter;
  const scope = { organizationId: org, userId: auth.userId, now };
  const search = await searchCondition(deps, tx, org, filter.q);
  const where = inOrg(leads, org, ...filterConditions(filter, scope, search, true));
  const matches = await base
    .where(where)
    .orderBy(desc(leads.score), asc(leads.id))
    .limit(BULK_LIMIT + 1)
    .for('update');
  const rows = matches.slice(0, BULK_LIMIT);
  const moreMatched = matches.length > BULK_LIMIT;
  return { rows, missing: [], moreMatched, selection: { filter, matched: rows.length, moreMatched } };
}

function tooMany(count: number, pointer: string): AppError {
  const detail = `${count} leads are selected; a bulk operation changes at most ${BULK_LIMIT}. Narrow the filter.`;
  return new AppError('too-many-leads', {
    detail,
    errors: [{ pointer, detail, code: 'too_big' }],
    extensions: {
      count,
      limit: BULK_LIMIT,
    },
  });
}

/** The event of one lead changed by (or restored by the undo of) an operation. */
export function changeEvent(
  auth: Auth,
  action: BulkAction['action'],
  change: { id: string; before: object; after: object },
  operationId: string,
  version: number | undefined,
  at: Date,
  undo = false,
): EventInput {
  const from = change.before as Record<string, unknown>;
  const to = change.after as Record<string, unknown>;
  const { type, data } = leadEventOf(action, from, to);
  const tag = undo ? { undoOf: operationId } : { operationId };
  return {
    organizationId: auth.organizationId,
    leadId: change.id,
    actor: actorOf(auth),
    at,
    type,
    data: { ...data, ...tag, version },
  };
}

/** The one audit event of an operation (or of its undo). */
export function operationEvent(
  auth: Auth,
  operationId: string,
  type: string,
  data: Record<string, unknown>,
  at: Date,
): EventInput {
  const base = { organizationId: auth.organizationId, actor: actorOf(auth), at, type, data };
  return { ...base, leadId: null, entityType: 'bulk_operation', entityId: operationId };
}
