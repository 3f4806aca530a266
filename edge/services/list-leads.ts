import { eq, type SQL, sql } from 'drizzle-orm';
import { leads, users } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Db } from '../../db/types';
import {
  COUNT_LIMIT,
  type LeadList,
  type LeadListQuery,
  type LeadSort,
  type LeadStatus,
  type StatusCounts,
} from '../contract/leads';
import { LEAD_STATUSES } from '../core/status';
import type { Deps } from '../deps';
import type { LeadRow } from './get-lead';
import { type Direction, decodeCursor, encodeCursor, type SortSpec } from './lead-cursor';
import { type FilterScope, filterConditions, LEAD_SORT_NAME, searchCondition } from './lead-filters';

const epochMicros = (column: SQL | typeof leads.createdAt) =>
  sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;

/**
 * Each sort: its key, the key's wire form in a cursor, and the direction its index is built in. When a
 * search is present the key is made opaque (`+ 0`): otherwise the planner may walk the sort index under a
 * LIMIT, testing every row against the search, instead of asking the trigram index for the few matches.
 */
const SORTS: Record<LeadSort, SortSpec> = {
  score: {
    key: (opaque) => (opaque ? sql`(${leads.score} + 0)` : sql`${leads.score}`),
    encode: (key) => sql<string>`${key}::text`,
    decode: (v) => (/^-?\d{1,9}$/.test(v) ? sql`${Number(v)}::integer` : null),
    indexDir: 'desc',
    defaultDir: 'desc',
  },
  created: timeSort(sql`${leads.createdAt}`),
  activity: timeSort(sql`${leads.lastActivityAt}`),
  name: {
    key: (opaque) => (opaque ? sql`(${LEAD_SORT_NAME} || '')` : LEAD_SORT_NAME),
    encode: (key) => sql<string>`${key}`,
    decode: (v) => sql`${v}::text`,
    indexDir: 'asc',
    defaultDir: 'asc',
  },
};

/** Timestamps travel in cursors as integer microseconds: exact, and nothing a client sends fails a cast. */
function timeSort(column: SQL): SortSpec {
  return {
    key: (opaque) => (opaque ? sql`(${column} + interval '0 seconds')` : column),
    encode: epochMicros,
    decode: (v) =>
      /^-?\d{1,17}$/.test(v) ? sql`('epoch'::timestamptz + ${v}::bigint * interval '1 microsecond')` : null,
    indexDir: 'desc',
    defaultDir: 'desc',
  };
}

/**
 * The organization's leads for one filter, keyset-paginated on (sort key, id) — the id breaks ties so
 * every lead appears exactly once across pages — with the per-status counts on the first page.
 */
export async function listLeads(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  scope: FilterScope,
  query: LeadListQuery,
): Promise<LeadList> {
  const sort = query.sort ?? 'score';
  const spec = SORTS[sort];
  const dir: Direction = query.order ?? spec.defaultDir;
  const after = query.cursor ? decodeCursor(query.cursor, sort, dir, spec) : undefined;
  const search = await searchCondition(deps, db, scope.organizationId, query.q);
  const key = spec.key(search !== undefined);
  // Walking the index backwards flips every column, the id tie-break included.
  const idDir: Direction = dir === spec.indexDir ? 'asc' : 'desc';
  const nulls = sql.raw(dir === spec.indexDir ? 'nulls last' : 'nulls first');
  const conditions = filterConditions(query, scope, search, true);
  const [rows, counts] = await Promise.all([
    db
      .select({ ...LIST_COLUMNS, assigneeName: users.name, sortValue: spec.encode(key) })
      .from(leads)
      .leftJoin(users, eq(users.id, leads.assignedTo))
      .where(inOrg(leads, scope.organizationId, ...conditions, after && keysetAfter(key, dir, idDir, after)))
      .orderBy(sql`${key} ${sql.raw(dir)} ${nulls}`, sql`${leads.id} ${sql.raw(idDir)} ${nulls}`)
      .limit(query.limit + 1),
    query.cursor || query.counts === 'false'
      ? null
      : countByStatus(db, scope, filterConditions(query, scope, search, false)),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toListItem),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ s: sort, d: dir, v: last.sortValue, i: last.id })
        : null,
    counts,
    countLimit: COUNT_LIMIT,
  };
}

/** Rows after the cursor: a redundant bound on the key first, so the index scan starts at the cursor. */
function keysetAfter(key: SQL, dir: Direction, idDir: Direction, after: { value: SQL; id: string }): SQL {
  const [bound, past] = dir === 'desc' ? ['<=', '<'] : ['>=', '>'];
  const idPast = idDir === 'asc' ? '>' : '<';
  const { value, id } = after;
  return sql`(${key} ${sql.raw(bound)} ${value} and (${key} ${sql.raw(past)} ${value} or (${key} = ${value} and ${leads.id} ${sql.raw(idPast)} ${id})))`;
}

/**
 * Leads per status, each counted up to COUNT_LIMIT: past it the tabs say "10,000+". An exact count of an
 * unselective filter at 500K leads reads every matching row (75–230 ms measured); a capped count stops
 * after the cap, whatever the filter (each status on the (organization, status, …) indexes).
 */
async function countByStatus(db: Db, scope: FilterScope, conditions: Array<SQL | undefined>) {
  const capped = (status: LeadStatus) =>
    sql<number>`(select count(*)::int from (${db
      .select({ one: sql`1` })
      .from(leads)
      .where(inOrg(leads, scope.organizationId, ...conditions, eq(leads.status, status)))
      .limit(COUNT_LIMIT)}) capped)`;
  // One statement: a request holds one connection, so parallel queries would only queue on it.
  const [row] = await db
    .select(Object.fromEntries(LEAD_STATUSES.map((s) => [s, capped(s)])) as Record<LeadStatus, SQL<number>>)
    .from(sql`(select 1) as one`);
  return Object.fromEntries(LEAD_STATUSES.map((s) => [s, Number(row?.[s] ?? 0)])) as StatusCounts;
}

const LIST_COLUMNS = {
  id: leads.id,
  firstName: leads.firstName,
  lastName: leads.lastName,
  company: leads.company,
  title: leads.title,
  status: leads.status,
  lossReason: leads.lossReason,
  score: leads.score,
  source: leads.source,
  campaign: leads.campaign,
  tags: leads.tags,
  assigneeId: leads.assignedTo,
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
  lastActivityAt: leads.lastActivityAt,
  statusChangedAt: leads.statusChangedAt,
};

type ListRow = Pick<LeadRow, Exclude<keyof typeof LIST_COLUMNS, 'assigneeId'>> & {
  assigneeId: string | null;
  assigneeName: string | null;
};

function toListItem(r: ListRow): LeadList['items'][number] {
  const { assigneeId, assigneeName, createdAt, updatedAt, lastActivityAt, statusChangedAt, ...rest } = r;
  return {
    ...rest,
    assignee: assigneeId ? { id: assigneeId, name: assigneeName ?? '' } : null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    lastActivityAt: lastActivityAt.toISOString(),
    statusChangedAt: statusChangedAt.toISOString(),
  };
}
