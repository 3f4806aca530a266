import type { BulkResult, BulkSkip } from '@contract/bulk';
import type { LeadStatus, LossReason } from '@core/status';
import { batch, computed, signal } from '@preact/signals';
import type { ApiClient, BulkRequestBody } from '../../api/client';
import type { Problem } from '../../api/problem';

/** The server's limit per operation, so the view can warn before sending. */
export { BULK_LIMIT } from '@core/bulk';

/** What the user chose to do to the selected leads. */
export type BulkChoice =
  | {
      action: 'status';
      status: LeadStatus;
      lossReason?: LossReason;
      lossReasonText?: string | null;
      closeOpenTasks?: boolean;
    }
  | { action: 'assign'; assigneeId: string | null }
  | { action: 'addTags' | 'removeTags'; tags: string[] }
  | { action: 'delete' };

/** The last thing that happened, for the live region. */
export type BulkOutcome =
  | {
      kind: 'done';
      changed: number;
      skipped: BulkSkip[];
      operationId: string | null;
      /** Set when the selection was "all matching": how many leads the server took, and whether more matched. */
      matching: { selected: number; moreMatched: boolean } | null;
    }
  | { kind: 'undone'; restored: number; skipped: BulkSkip[] }
  | { kind: 'problem'; problem: Problem };

/** Skipped leads counted by reason, for a one-line summary. */
export function countReasons(skipped: readonly BulkSkip[]): Array<[BulkSkip['reason'], number]> {
  const counts = new Map<BulkSkip['reason'], number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts];
}

/**
 * The lead list's selection (rows, or "all matching the filter") and the bulk actions on it, with the
 * 30-second undo. `total` is the number of leads matching the filter, when known.
 */
export function createBulkModel(setTimer: (fn: () => void, ms: number) => unknown = setTimeout) {
  const selected = signal<ReadonlySet<string>>(new Set(), { name: 'bulk.selected' });
  const allMatching = signal(false, { name: 'bulk.allMatching' });
  const busy = signal(false, { name: 'bulk.busy' });
  const outcome = signal<BulkOutcome | null>(null, { name: 'bulk.outcome' });
  const undoable = signal<string | null>(null, { name: 'bulk.undoable' });
  const size = computed(() => selected.value.size, { name: 'bulk.size' });

  const clear = () =>
    batch(() => {
      selected.value = new Set();
      allMatching.value = false;
    });

  function toggle(id: string, on: boolean) {
    const next = new Set(selected.value);
    if (on) next.add(id);
    else next.delete(id);
    batch(() => {
      selected.value = next;
      allMatching.value = false;
    });
  }

  function setPage(ids: readonly string[], on: boolean) {
    const next = new Set(selected.value);
    for (const id of ids) on ? next.add(id) : next.delete(id);
    batch(() => {
      selected.value = next;
      allMatching.value = false;
    });
  }

  async function run(api: ApiClient, choice: BulkChoice, filter: Record<string, string>): Promise<void> {
    const byFilter = allMatching.value;
    const selection = byFilter ? { filter } : { ids: [...selected.value] };
    busy.value = true;
    const result = await api.bulkLeads({ ...choice, selection } as BulkRequestBody);
    batch(() => {
      busy.value = false;
      if (!result.ok) {
        outcome.value = { kind: 'problem', problem: result.problem };
        return;
      }
      const { selected: taken, moreMatched } = result.data;
      outcome.value = {
        kind: 'done',
        ...pick(result.data),
        matching: byFilter ? { selected: taken, moreMatched } : null,
      };
      clear();
      offerUndo(result.data);
    });
  }

  function offerUndo(data: BulkResult) {
    undoable.value = data.operationId;
    if (!data.operationId || !data.undoUntil) return;
    const id = data.operationId;
    const ms = Math.max(0, Date.parse(data.undoUntil) - Date.now());
    setTimer(() => {
      if (undoable.value === id) undoable.value = null;
    }, ms);
  }

  async function undo(api: ApiClient): Promise<void> {
    const id = undoable.value;
    if (!id) return;
    busy.value = true;
    const result = await api.undoBulk(id);
    batch(() => {
      busy.value = false;
      undoable.value = null;
      outcome.value = result.ok
        ? { kind: 'undone', restored: result.data.restored, skipped: result.data.skipped }
        : { kind: 'problem', problem: result.problem };
    });
  }

  return { selected, allMatching, busy, outcome, undoable, size, clear, toggle, setPage, run, undo };
}

function pick(r: BulkResult) {
  return { changed: r.changed, skipped: r.skipped, operationId: r.operationId };
}

export type BulkModel = ReturnType<typeof createBulkModel>;
