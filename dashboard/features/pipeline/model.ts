import type { LeadListItem, LeadStatus } from '@contract/leads';
import type { LossReason } from '@core/status';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';
import { STATUSES } from '../leads/query';
import { type Board, emptyBoard, moveCard } from './board';

/** Cards per column per request: the best N by score, then "load more". */
export const COLUMN_SIZE = 20;

/** The kanban board: a column per status, optimistic moves that roll back on error. */
export const PipelineModel = createModel(() => {
  const board = signal<Board>(emptyBoard(), { name: 'pipeline.board' });
  const loading = signal(true, { name: 'pipeline.loading' });
  const problem = signal<Problem | null>(null, { name: 'pipeline.problem' });

  async function loadColumn(api: ApiClient, status: LeadStatus, cursor: string | null) {
    const result = await api.listLeads({ limit: COLUMN_SIZE, cursor, params: { status } });
    if (!result.ok) return result;
    const column = board.value[status];
    board.value = {
      ...board.value,
      [status]: {
        items: cursor ? [...column.items, ...result.data.items] : result.data.items,
        nextCursor: result.data.nextCursor,
        count: result.data.counts?.[status] ?? column.count,
        capped: cursor
          ? column.capped
          : (result.data.counts?.[status] ?? 0) >= (result.data.countLimit ?? Number.POSITIVE_INFINITY),
      },
    };
    return result;
  }

  return {
    board: board as ReadonlySignal<Board>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,

    /** Loads the top of every column. */
    async load(api: ApiClient): Promise<void> {
      loading.value = true;
      const results = await Promise.all(STATUSES.map((status) => loadColumn(api, status, null)));
      const failed = results.find((r) => !r.ok);
      batch(() => {
        loading.value = false;
        problem.value = failed && !failed.ok ? failed.problem : null;
      });
    },

    /** The next cards of one column. */
    async loadMore(api: ApiClient, status: LeadStatus): Promise<void> {
      const cursor = board.value[status].nextCursor;
      if (cursor) await loadColumn(api, status, cursor);
    },

    /**
     * Moves a card at once, then asks the server; on refusal the board goes back to how it was.
     * Resolves to whether the server accepted the move.
     */
    async move(
      api: ApiClient,
      lead: LeadListItem,
      to: LeadStatus,
      loss?: { reason: LossReason; text: string | null },
    ): Promise<boolean> {
      const before = board.value;
      board.value = moveCard(before, lead.id, to);
      problem.value = null;
      const result = await api.changeStatus(lead.id, {
        status: to,
        ...(loss && { lossReason: loss.reason, lossReasonText: loss.text }),
      });
      if (result.ok) return true;
      batch(() => {
        // Only this card goes back: other moves made meanwhile stay.
        board.value = moveCard(board.value, lead.id, lead.status);
        problem.value = result.problem;
      });
      return false;
    },
  };
});

export type PipelineModel = InstanceType<typeof PipelineModel>;
