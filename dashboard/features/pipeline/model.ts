import type { LeadListItem, LeadStatus } from '@contract/leads';
import type { LossReason } from '@core/status';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';
import {
  type Board,
  COLUMNS,
  type ColumnKey,
  columnParams,
  columnStatus,
  type DropRefusal,
  dropRefusal,
  emptyBoard,
  moveCard,
} from './board';

/** Cards per column per request: the best N by score, then "load more". */
export const COLUMN_SIZE = 20;

/** What became of a move: made, refused by the server (rolled back), or not allowed (never sent). */
export type MoveOutcome = 'moved' | 'failed' | DropRefusal;

/** The kanban board: a column per status, optimistic moves that roll back on error. */
export const PipelineModel = createModel(() => {
  const board = signal<Board>(emptyBoard(), { name: 'pipeline.board' });
  const loading = signal(true, { name: 'pipeline.loading' });
  const problem = signal<Problem | null>(null, { name: 'pipeline.problem' });
  /** Whose leads the board shows: '' everyone, `me`, `unassigned` or a user id. */
  const owner = signal('', { name: 'pipeline.owner' });
  // A load for an owner chosen before the last one is dropped when it answers.
  let ticket = 0;

  async function loadColumn(
    api: ApiClient,
    key: ColumnKey,
    cursor: string | null,
    { mine = ticket, limit = COLUMN_SIZE }: { mine?: number; limit?: number } = {},
  ) {
    const params = { ...columnParams(key), ...(owner.value ? { assignee: owner.value } : {}) };
    const result = await api.listLeads({ limit, cursor, params });
    if (!result.ok || mine !== ticket) return result;
    const column = board.value[key];
    const counted = result.data.counts?.[columnStatus(key)];
    board.value = {
      ...board.value,
      [key]: {
        items: cursor ? [...column.items, ...result.data.items] : result.data.items,
        nextCursor: result.data.nextCursor,
        count: counted ?? column.count,
        capped: cursor
          ? column.capped
          : (counted ?? 0) >= (result.data.countLimit ?? Number.POSITIVE_INFINITY),
      },
    };
    return result;
  }

  /** Loads the top of every column. */
  async function load(api: ApiClient): Promise<void> {
    loading.value = true;
    const mine = ++ticket;
    const results = await Promise.all(COLUMNS.map((column) => loadColumn(api, column, null, { mine })));
    if (mine !== ticket) return;
    const failed = results.find((r) => !r.ok);
    batch(() => {
      loading.value = false;
      problem.value = failed && !failed.ok ? failed.problem : null;
    });
  }

  return {
    board: board as ReadonlySignal<Board>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    owner: owner as ReadonlySignal<string>,

    /** Shows one owner's leads (or everyone's: ''), counts included, from the first card of each column. */
    setOwner(api: ApiClient, next: string): Promise<void> {
      owner.value = next;
      board.value = emptyBoard();
      return load(api);
    },

    /** Loads the top of every column. */
    load,

    /**
     * Reloads every column after a change elsewhere, quietly (no loading state) and as deep as each is
     * loaded (up to 200 cards), so the board does not jump back to its first cards.
     */
    async refreshShown(api: ApiClient): Promise<void> {
      if (loading.value) return;
      await Promise.all(
        COLUMNS.map((column) =>
          loadColumn(api, column, null, {
            limit: Math.min(Math.max(board.value[column].items.length, COLUMN_SIZE), 200),
          }),
        ),
      );
    },

    /** The next cards of one column. */
    async loadMore(api: ApiClient, column: ColumnKey): Promise<void> {
      const cursor = board.value[column].nextCursor;
      if (cursor) await loadColumn(api, column, cursor);
    },

    /**
     * Moves a card at once, then asks the server; on refusal the board goes back to how it was. A move
     * the status rules do not allow is not sent at all: it resolves to the reason.
     */
    async move(
      api: ApiClient,
      lead: LeadListItem,
      to: LeadStatus,
      loss?: { reason: LossReason; text: string | null; closeOpenTasks?: boolean },
    ): Promise<MoveOutcome> {
      const refusal = dropRefusal(lead, to);
      if (refusal) return refusal;
      const before = board.value;
      board.value = moveCard(before, lead.id, to);
      problem.value = null;
      const result = await api.changeStatus(lead.id, {
        status: to,
        ...(loss && { lossReason: loss.reason, lossReasonText: loss.text }),
        ...(loss?.closeOpenTasks && { closeOpenTasks: true }),
      });
      if (result.ok) return 'moved';
      batch(() => {
        // Only this card goes back: other moves made meanwhile stay.
        board.value = moveCard(board.value, lead.id, lead.status);
        problem.value = result.problem;
      });
      return 'failed';
    },
  };
});

export type PipelineModel = InstanceType<typeof PipelineModel>;
