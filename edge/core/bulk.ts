import { type Caller, canEditLead } from './permissions';
import { type LeadStatus, type LossReason, planTransition, type StageStamps } from './status';
import { addTags, removeTag, type TagChange } from './tags';

/** At most this many leads per bulk operation (PRD feature 9). */
export const BULK_LIMIT = 1000;
/** An operation can be undone for this long after it was applied. */
export const UNDO_WINDOW_MS = 30_000;

export const BULK_ACTIONS = ['status', 'assign', 'addTags', 'removeTags', 'delete'] as const;

/** What a bulk operation does to each selected lead. */
export type BulkAction =
  | {
      action: 'status';
      status: LeadStatus;
      lossReason?: LossReason | null;
      lossReasonText?: string | null;
      closeOpenTasks?: boolean;
    }
  | { action: 'assign'; assigneeId: string | null }
  | { action: 'addTags'; tags: string[] }
  | { action: 'removeTags'; tags: string[] }
  | { action: 'delete' };

export type BulkActionName = BulkAction['action'];

/** The lead fields a bulk operation may change: the undo journal keeps exactly these. */
export type BulkFields = StageStamps & {
  status: LeadStatus;
  lossReason: LossReason | null;
  lossReasonText: string | null;
  statusChangedAt: Date;
  statusChangedBy: string | null;
  lastActivityAt: Date;
  assignedTo: string | null;
  tags: string[];
  deletedAt: Date | null;
};

export type BulkField = keyof BulkFields;

/** The fields each action changes (and undo restores). */
export const ACTION_FIELDS: Record<BulkActionName, readonly BulkField[]> = {
  status: [
    'status',
    'lossReason',
    'lossReasonText',
    'statusChangedAt',
    'statusChangedBy',
    'contactedAt',
    'contactedBy',
    'qualifiedAt',
    'qualifiedBy',
    'lostAt',
    'lostBy',
    'lastActivityAt',
  ],
  assign: ['assignedTo'],
  addTags: ['tags', 'lastActivityAt'],
  removeTags: ['tags', 'lastActivityAt'],
  delete: ['deletedAt'],
};

/** A lead as bulk operations read it; a converted lead is read-only (only notes may be added). */
export type BulkLead = BulkFields & { id: string; convertedAt?: Date | null };

export type SkipReason =
  | 'forbidden'
  | 'not-found'
  | 'invalid-transition'
  | 'unchanged'
  | 'too-many-tags'
  | 'converted';

/** One lead's outcome: its fields before and after (only the action's fields), or why it is skipped. */
export type BulkPlan =
  | { kind: 'change'; id: string; before: Partial<BulkFields>; after: Partial<BulkFields> }
  | { kind: 'skip'; id: string; reason: SkipReason };

/**
 * Decides what a bulk operation does to one lead, by the same rules as the single-lead changes: the
 * caller's RBAC, the status machine, the tag rules. A lead it would not change is skipped with a reason,
 * so one refused lead never fails the whole operation.
 */
export function planBulkChange(op: BulkAction, lead: BulkLead, caller: Caller, at: Date): BulkPlan {
  const skip = (reason: SkipReason): BulkPlan => ({ kind: 'skip', id: lead.id, reason });
  if (!canEditLead(caller, lead)) return skip('forbidden');
  if (lead.convertedAt) return skip('converted');
  const next = nextFields(op, lead, caller, at);
  if (typeof next === 'string') return skip(next);
  const fields = ACTION_FIELDS[op.action];
  const before = pick(lead, fields);
  const after = { ...before, ...next };
  // A bump of the activity time alone is no change: compare the fields the action is about.
  const about = fields.filter((f) => f !== 'lastActivityAt');
  if (about.every((f) => sameValue(before[f], after[f]))) return skip('unchanged');
  return { kind: 'change', id: lead.id, before, after };
}

function nextFields(
  op: BulkAction,
  lead: BulkLead,
  caller: Caller,
  at: Date,
): Partial<BulkFields> | SkipReason {
  switch (op.action) {
    case 'status': {
      const request = { to: op.status, lossReason: op.lossReason, lossReasonText: op.lossReasonText };
      const result = planTransition(lead, request, at, caller.userId);
      if (!result.ok) return lead.status === op.status ? 'unchanged' : 'invalid-transition';
      return { ...result.changes, lastActivityAt: at };
    }
    case 'assign':
      return { assignedTo: op.assigneeId };
    case 'addTags':
      return tagFields(addTags(lead.tags, op.tags), at);
    case 'removeTags':
      return tagFields(
        op.tags.reduce<TagChange>((c, t) => removeTag(c.tags, t), {
          tags: lead.tags,
          added: [],
          removed: [],
        }),
        at,
      );
    case 'delete':
      return { deletedAt: at };
  }
}

function tagFields(change: TagChange | null, at: Date): Partial<BulkFields> | SkipReason {
  if (!change) return 'too-many-tags';
  return { tags: change.tags, lastActivityAt: at };
}

function pick(lead: BulkLead, fields: readonly BulkField[]): Partial<BulkFields> {
  return Object.fromEntries(fields.map((f) => [f, lead[f]])) as Partial<BulkFields>;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
