import type { LeadListItem, LeadStatus } from '@contract/leads';
import { allowedTransitions } from '@core/status';
import { STATUSES } from '../leads/query';

/** The board's columns: one per status, and the converted leads apart from the open qualified ones. */
export const COLUMNS = [...STATUSES, 'CONVERTED'] as const;
export type ColumnKey = (typeof COLUMNS)[number];

/**
 * One column of the board: the cards loaded so far (best score first), the cursor, the total, and whether
 * the total is where the server stopped counting (shown as "1,000+").
 */
export type Column = { items: LeadListItem[]; nextCursor: string | null; count: number; capped?: boolean };
export type Board = Record<ColumnKey, Column>;

export const emptyBoard = (): Board =>
  Object.fromEntries(COLUMNS.map((c) => [c, { items: [], nextCursor: null, count: 0 }])) as unknown as Board;

/** The status a column's leads have (converted leads stay QUALIFIED). */
export const columnStatus = (column: ColumnKey): LeadStatus =>
  column === 'CONVERTED' ? 'QUALIFIED' : column;

/** The lead list filter of a column: a converted lead is read-only, so it leaves the Qualified column. */
export function columnParams(column: ColumnKey): Record<string, string> {
  if (column === 'CONVERTED') return { status: 'QUALIFIED', converted: 'true' };
  if (column === 'QUALIFIED') return { status: 'QUALIFIED', converted: 'false' };
  return { status: column };
}

/** The column a lead's card is in. */
export const columnOf = (lead: Pick<LeadListItem, 'status' | 'convertedAt'>): ColumnKey =>
  lead.convertedAt ? 'CONVERTED' : lead.status;

/**
 * Why a card may not enter a column, or null when it may: `transition` when the status machine
 * (core/status, the server's own rule) has no such move, `convert` for the Converted column (converting
 * happens on the lead's page), `converted` for a converted lead (read-only). Its own column is no move.
 */
export type DropRefusal = 'transition' | 'convert' | 'converted';
export function dropRefusal(
  lead: Pick<LeadListItem, 'status' | 'convertedAt'>,
  column: ColumnKey,
): DropRefusal | null {
  if (column === columnOf(lead)) return null;
  if (lead.convertedAt) return 'converted';
  if (column === 'CONVERTED') return 'convert';
  return allowedTransitions(lead.status).includes(column) ? null : 'transition';
}

/** Inserts `lead` keeping the column sorted by score (highest first), ties after the existing ones. */
function insertByScore(items: readonly LeadListItem[], lead: LeadListItem): LeadListItem[] {
  const at = items.findIndex((other) => other.score < lead.score);
  return at < 0 ? [...items, lead] : [...items.slice(0, at), lead, ...items.slice(at)];
}

/** The board with lead `id` moved from its column to `to` (status and counts updated); unchanged if absent. */
export function moveCard(board: Board, id: string, to: LeadStatus): Board {
  const from = COLUMNS.find((c) => board[c].items.some((lead) => lead.id === id));
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
export function stepColumn(current: ColumnKey, delta: 1 | -1): ColumnKey {
  const at = COLUMNS.indexOf(current);
  return COLUMNS[Math.min(Math.max(at + delta, 0), COLUMNS.length - 1)]!;
}
