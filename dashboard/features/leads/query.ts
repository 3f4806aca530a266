import type { LeadStatus } from '@contract/leads';
import { LEAD_STATUSES } from '@core/status';
import { withZonedDays } from '../../ui/day-bounds';

/** The statuses in pipeline order. */
export const STATUSES = LEAD_STATUSES;
export const SORTS = ['score', 'created', 'activity', 'name', 'company', 'campaign', 'country'] as const;
export type Sort = (typeof SORTS)[number];
export type Stale = '30' | '60';

/** What the lead list shows: the filter, the search and the sort, as kept in the page's URL. */
export type ListQuery = {
  q: string;
  status: LeadStatus[];
  /** User ids, `me` or `unassigned`. */
  assignee: string[];
  source: string[];
  tags: string[];
  scoreMin: number | null;
  scoreMax: number | null;
  /** `YYYY-MM-DD`, or empty. */
  createdFrom: string;
  createdTo: string;
  stale: Stale | null;
  sort: Sort;
  order: 'asc' | 'desc' | null;
};

export const EMPTY_QUERY: ListQuery = {
  q: '',
  status: [],
  assignee: [],
  source: [],
  tags: [],
  scoreMin: null,
  scoreMax: null,
  createdFrom: '',
  createdTo: '',
  stale: null,
  sort: 'score',
  order: null,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LIST_KEYS = ['assignee', 'source', 'tags'] as const;

const splitList = (value: string | null) =>
  [...new Set((value ?? '').split(',').map((part) => part.trim()))].filter(Boolean).slice(0, 20);

function scoreParam(value: string | null): number | null {
  if (value === null || !/^\d{1,3}$/.test(value)) return null;
  const n = Number(value);
  return n <= 100 ? n : null;
}

/** Reads a list query from a URL search string; unknown or malformed values fall back to the defaults. */
export function parseQuery(search: string): ListQuery {
  const params = new URLSearchParams(search);
  const sort = params.get('sort');
  const order = params.get('order');
  const stale = params.get('stale');
  const date = (key: string) => {
    const value = params.get(key) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    status: splitList(params.get('status')).filter((s): s is LeadStatus =>
      (STATUSES as readonly string[]).includes(s),
    ),
    assignee: splitList(params.get('assignee')),
    source: splitList(params.get('source')),
    tags: splitList(params.get('tags')),
    scoreMin: scoreParam(params.get('scoreMin')),
    scoreMax: scoreParam(params.get('scoreMax')),
    createdFrom: date('createdFrom'),
    createdTo: date('createdTo'),
    stale: stale === '30' || stale === '60' ? stale : null,
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'score',
    order: order === 'asc' || order === 'desc' ? order : null,
  };
}

/** The query's non-default parts as name → value, in a stable order (for the URL and the API). */
export function queryParams(query: ListQuery): Record<string, string> {
  const out: Record<string, string> = {};
  const q = query.q.trim();
  if (q) out.q = q;
  if (query.status.length) out.status = query.status.join(',');
  for (const key of LIST_KEYS) if (query[key].length) out[key] = query[key].join(',');
  if (query.scoreMin !== null) out.scoreMin = String(query.scoreMin);
  if (query.scoreMax !== null) out.scoreMax = String(query.scoreMax);
  if (query.createdFrom) out.createdFrom = query.createdFrom;
  if (query.createdTo) out.createdTo = query.createdTo;
  if (query.stale) out.stale = query.stale;
  if (query.sort !== 'score') out.sort = query.sort;
  if (query.order) out.order = query.order;
  return out;
}

/**
 * The query's parameters as the API is asked them: the created-date filter's days in the person's time
 * zone (the URL and saved views keep the plain dates).
 */
export function apiParams(query: ListQuery, zone: string | undefined): Record<string, string> {
  return withZonedDays(queryParams(query), { start: ['createdFrom'], end: ['createdTo'] }, zone) as Record<
    string,
    string
  >;
}

/** The URL search string of a query: empty for the default list, so the plain link stays plain. */
export function toSearch(query: ListQuery): string {
  const text = new URLSearchParams(queryParams(query)).toString();
  return text ? `?${text}` : '';
}

/** How many filters (not search or sort) are set, for the filter button's label. */
export function activeFilterCount(query: ListQuery): number {
  const { q: _q, sort: _sort, order: _order, ...filters } = queryParams(query);
  return Object.keys(filters).length;
}

const DAY_MS = 86_400_000;

/** Whole days from `iso` to `now`; 0 for a future or unparseable time. */
export function daysSince(iso: string | undefined, now: Date): number {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((now.getTime() - at) / DAY_MS));
}

/** A lead with no activity for 60+ days is `red`, 30+ `yellow`, else null. */
export function staleLevel(days: number): 'yellow' | 'red' | null {
  if (days >= 60) return 'red';
  if (days >= 30) return 'yellow';
  return null;
}
