import type { LeadListItem, LeadStatus } from '@contract/leads';
import { STATUSES } from '../leads/query';

/**
 * One column of the board: the cards loaded so far (best score first), the cursor, the total, and whether
 * the total is where the server stopped counting (shown as "1,000+").
 */
export type Column = { items: LeadListItem[]; nextCursor: string | null; count: number; capped?: boolean };
export type Board = Record<LeadStatus, Column>;

export const emptyBoard = (): Board =>
  Object.fromEntries(STATUSES.map((s) => [s, { items: [], nextCursor: null, count: 0 }])) as unknown as Board;

/** Inserts `lead` keeping the column sorted by score (highest first), ties after the existing ones. */
function insertByScore(items: readonly LeadListItem[], lead: LeadListItem): LeadListItem[] {
  const at = items.findIndex((other) => other.score < lead.score);
  return at < 0 ? [...items, lead] : [...items.slice(0, at), lead, ...items.slice(at)];
}

/** The board with lead `id` moved from its column to `to` (status and counts updated); unchanged if absent. */
export function moveCard(board: Board, id: string, to: LeadStatus): Board {
  const from = STATUSES.find((s) => board[s].items.some((lead) => lead.id === id));
  if (!from || from === to) return board;
  const lead = board[from].items.find((l) => l.id === id)!;
  return {
    ...board,
    [from]: {
      ...board[from],
      items: board[from].items.filter((l) => l.id !== id),
      count: Math.max(0, board[from].count - 1),
    },
    [to]: {
      ...board[to],
      items: insertByScore(board[to].items, { ...lead, status: to }),
      count: board[to].count + 1,
    },
  };
}

/** The column a keyboard move lands on: arrows step left or right and stop at either end. */
export function stepColumn(current: LeadStatus, delta: 1 | -1): LeadStatus {
  const at = STATUSES.indexOf(current);
  return STATUSES[Math.min(Math.max(at + delta, 0), STATUSES.length - 1)]!;
}
