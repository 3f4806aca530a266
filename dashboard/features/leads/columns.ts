import { LIST_COLUMNS, type ViewLayout } from '@contract/saved-views';
import { signal } from '@preact/signals';
import type { MessageKey } from '../../i18n';
import type { Sort } from './query';

/** A column of the lead list: a built-in one, or `custom:<key>` for a custom attribute. */
export type ColumnId = ViewLayout['columns'][number];
export type Density = ViewLayout['density'];
export type Layout = { columns: ColumnId[]; density: Density };

/** What a fresh list shows. */
export const DEFAULT_LAYOUT: Layout = {
  columns: ['score', 'name', 'company', 'status', 'stage', 'activity', 'owner', 'source', 'created'],
  density: 'comfortable',
};

/** The sort a header click asks for; columns without one are not sortable (custom attributes need an index each). */
export const COLUMN_SORT: Partial<Record<ColumnId, Sort>> = {
  name: 'name',
  company: 'company',
  score: 'score',
  campaign: 'campaign',
  country: 'country',
  created: 'created',
  activity: 'activity',
};

/** The header of a built-in column. */
export const COLUMN_LABEL: Record<(typeof LIST_COLUMNS)[number], MessageKey> = {
  name: 'leads.col.name',
  company: 'leads.col.company',
  status: 'leads.col.status',
  stage: 'leads.col.inStage',
  score: 'leads.col.score',
  owner: 'leads.col.assignee',
  source: 'leads.col.source',
  campaign: 'leads.col.campaign',
  country: 'leads.col.country',
  created: 'leads.col.created',
  activity: 'leads.col.idle',
  task: 'leads.col.nextTask',
};

export const customKey = (column: ColumnId): string | null =>
  column.startsWith('custom:') ? column.slice('custom:'.length) : null;

const isColumn = (value: unknown): value is ColumnId =>
  typeof value === 'string' &&
  ((LIST_COLUMNS as readonly string[]).includes(value) || /^custom:[^\s,]{1,100}$/.test(value));

/** A layout read back from storage or a saved view; anything unknown falls back, the name column stays. */
export function readLayout(value: unknown): Layout {
  if (!value || typeof value !== 'object') return DEFAULT_LAYOUT;
  const v = value as { columns?: unknown; density?: unknown };
  const columns = Array.isArray(v.columns) ? [...new Set(v.columns.filter(isColumn))] : [];
  return {
    columns: columns.includes('name') ? columns : DEFAULT_LAYOUT.columns,
    density: v.density === 'compact' ? 'compact' : 'comfortable',
  };
}

/** Moves a column one place up (-1) or down (1); at an end it stays. */
export function moveColumn(columns: readonly ColumnId[], column: ColumnId, delta: -1 | 1): ColumnId[] {
  const at = columns.indexOf(column);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= columns.length) return [...columns];
  const next = [...columns];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}

/** Shows or hides a column: a shown one is added at the end; the name column cannot be hidden. */
export function toggleColumn(columns: readonly ColumnId[], column: ColumnId, on: boolean): ColumnId[] {
  if (on) return columns.includes(column) ? [...columns] : [...columns, column];
  return column === 'name' ? [...columns] : columns.filter((c) => c !== column);
}

const STORAGE_KEY = 'leadgate.leads.layout';

/** The list's columns and density, kept in the browser between visits; a saved view's layout replaces it. */
export function createLayoutModel(storage: Storage | null) {
  let stored: unknown = null;
  try {
    stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    stored = null;
  }
  const layout = signal<Layout>(readLayout(stored), { name: 'leads.layout' });
  return {
    layout,
    set(next: Layout) {
      layout.value = readLayout(next);
      try {
        storage?.setItem(STORAGE_KEY, JSON.stringify(layout.value));
      } catch {
        // A full or denied storage keeps the layout for this visit only.
      }
    },
  };
}

export type LayoutModel = ReturnType<typeof createLayoutModel>;
