import type { SQL } from 'drizzle-orm';
import type { LeadSort } from '../../contract/leads';
import { fromOpaque, toOpaque } from '../../core/base64';
import { AppError } from '../../core/errors';

export type Direction = 'asc' | 'desc';

/** How one sort of the lead list reads and writes its key. */
export type SortSpec = {
  /** The ORDER BY expression; `opaque` hides it from index matching (see list-leads). */
  key: (opaque: boolean) => SQL;
  /** The key as text, for the cursor. */
  encode: (key: SQL) => SQL<string>;
  /** The cursor's text back as a typed SQL value; null when it is not a value this sort writes. */
  decode: (value: string) => SQL | null;
  /** The direction the sort's index is built in. */
  indexDir: Direction;
  defaultDir: Direction;
};

/** What a cursor carries: the sort it was made for, and the last row's key and id. */
export type Cursor = { s: LeadSort; d: Direction; v: string; i: string };

/** An opaque cursor (base64url JSON); clients only pass it back. */
export function encodeCursor(cursor: Cursor): string {
  return toOpaque(cursor);
}

function invalid(detail: string): AppError {
  return new AppError('invalid-parameter', {
    detail: 'cursor is not a cursor this API returned for this sort',
    errors: [{ pointer: '/cursor', detail }],
  });
}

/**
 * Reads a cursor back for the current sort. A cursor of another sort or order would skip or repeat rows,
 * so it is refused, as is anything that is not a cursor (never a database error: values are checked).
 */
export function decodeCursor(
  text: string,
  sort: LeadSort,
  dir: Direction,
  spec: SortSpec,
): { value: SQL; id: string } {
  const c = fromOpaque(text) as Partial<Cursor> | null | undefined;
  if (!c || typeof c !== 'object' || typeof c.v !== 'string' || typeof c.i !== 'string')
    throw invalid('Invalid cursor');
  if (c.s !== sort || c.d !== dir)
    throw invalid('The cursor belongs to another sort order; start from the first page');
  const value = spec.decode(c.v);
  if (!value) throw invalid('Invalid cursor');
  return { value, id: c.i };
}
