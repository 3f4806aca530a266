import { eq, type SQL, type Subquery, sql } from 'drizzle-orm';
import { LARGE_ORG_SHARE, orgShare } from '../../../db/planner/org-share';
import { leads, tasks, users } from '../../../db/schema';
import { inOrg, inOrgUnindexed } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import {
  COUNT_LIMIT,
  type LeadCounts,
  type LeadFilter,
  type LeadList,
  type LeadListQuery,
  type LeadSort,
} from '../../contract/leads';
import { onlyWordStarts, planSearch } from '../../core/search';
import type { Deps } from '../../deps';
import { countByStatus } from './counts';
import { type Direction, decodeCursor, encodeCursor, type SortSpec } from './cursor';
import {
  type FilterScope,
  filterConditions,
  LEAD_SORT_NAME,
  LEAD_SORT_TEXT,
  searchCondition,
} from './filters';
import type { LeadRow } from './get';

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
  name: textSort(LEAD_SORT_NAME),
  company: textSort(LEAD_SORT_TEXT.company),
  campaign: textSort(LEAD_SORT_TEXT.campaign),
  country: textSort(LEAD_SORT_TEXT.country),
};

/** A text key in its folded form, indexed ascending (see LEAD_SORT_TEXT), so a cursor's text is the key. */
function textSort(expression: SQL): SortSpec {
  return {
    key: (opaque) => (opaque ? sql`(${expression} || '')` : expression),
    encode: (key) => sql<string>`${key}`,
    decode: (v) => sql`${v}::text`,
    indexDir: 'asc',
    defaultDir: 'asc',
  };
}

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
  deps: Pick<Deps, 'pii' | 'caches'>,
  db: Db,
  scope: FilterScope,
  query: LeadListQuery,
): Promise<LeadList> {
  const sort = query.sort ?? 'score';
  const spec = SORTS[sort];
  const dir: Direction = query.order ?? spec.defaultDir;
  const after = query.cursor ? decodeCursor(query.cursor, sort, dir, spec) : undefined;
  const { plan, search, orgFilter } = await prepareFilter(deps, db, scope, query.q);
  const request: RowsRequest = { db, scope, query, spec, dir, after, search, orgFilter };
  const [rows, counts] = await Promise.all([
    plan?.kind !== 'text'
      ? searchedRows(request)
      : onlyWordStarts(plan)
        ? walkedRows(request, WALK_LIMIT)
        : (await plannerWalks(request))
          ? walkedRows(request, PLANNED_WALK_LIMIT)
          : searchedRows(request),
    query.cursor || query.counts === 'false'
      ? null
      : countByStatus(
          db,
          orgFilter(leads, scope.organizationId, ...filterConditions(query, scope, search, false)),
        ),
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

/**
 * The per-status counts of a filter alone (GET /api/leads/counts). The dashboard asks for them beside the
 * page (`counts=false`), so a list does not wait for counting: a page of a common term reads ~1,500 rows
 * down the score index, its counts up to every match (17,700 at 500K leads).
 */
export async function countLeads(
  deps: Pick<Deps, 'pii' | 'caches'>,
  db: Db,
  scope: FilterScope,
  filter: LeadFilter,
): Promise<LeadCounts> {
  const { search, orgFilter } = await prepareFilter(deps, db, scope, filter.q);
  const where = orgFilter(leads, scope.organizationId, ...filterConditions(filter, scope, search, false));
  return { counts: await countByStatus(db, where), countLimit: COUNT_LIMIT };
}

/** The search condition of `q`, and how its queries name the organization. */
async function prepareFilter(
  deps: Pick<Deps, 'pii' | 'caches'>,
  db: Db,
  scope: FilterScope,
  q: string | undefined,
) {
  const plan = q !== undefined ? planSearch(q) : undefined;
  const [search, share] = await Promise.all([
    searchCondition(deps, db, scope.organizationId, q, plan),
    plan?.kind === 'text'
      ? deps.caches.orgShare.get(scope.organizationId, () => orgShare(db, scope.organizationId))
      : 0,
  ]);
  // A text search in an organization that is most of the table: its organization index narrows nothing.
  return { plan, search, orgFilter: share >= LARGE_ORG_SHARE ? inOrgUnindexed : inOrg };
}

/**
 * How many rows a search made only of word starts (one or two letters) reads down the sort index before it
 * gives up and asks the trigram index. A common start matches many leads — "gm" a tenth of them, 51K at
 * 500K leads, all read and sorted for one page through the trigram index (313 ms) — while walking the
 * sort index fills a page after a few hundred rows. A rare start fills no page in this many rows, and then
 * has few matches, which the trigram path reads quickly.
 */
export const WALK_LIMIT = 5_000;

/**
 * The bound on a walk the planner chose for a longer search (plannerWalks): twice the rows it expects to
 * read at 500K leads for a search matching 1 % of them, the least it walks for.
 */
export const PLANNED_WALK_LIMIT = 10_000;

type RowsRequest = {
  db: Db;
  scope: FilterScope;
  query: LeadListQuery;
  spec: SortSpec;
  dir: Direction;
  after: { value: SQL; id: string } | undefined;
  search: SQL | undefined;
  /** How the page's bitmap path names the organization (the walks always use its index). */
  orgFilter: typeof inOrg;
};

/** One page of rows, plus one to tell whether another follows, in (key, id) order. */
function selectPage(r: RowsRequest, key: SQL, from: typeof leads | Subquery, where: SQL) {
  return r.db
    .select({
      ...LIST_COLUMNS,
      assigneeName: users.name,
      nextTaskDueAt: NEXT_TASK_DUE,
      sortValue: r.spec.encode(key),
    })
    .from(from as typeof leads) // a subquery named "leads" stands in for the table (see walkedRows)
    .leftJoin(users, eq(users.id, leads.assignedTo))
    .where(where)
    .orderBy(...orderBy(r, key))
    .limit(r.query.limit + 1);
}

/** ORDER BY key, id. Walking the index backwards flips every column, the id tie-break included. */
function orderBy(r: RowsRequest, key: SQL): [SQL, SQL] {
  const idDir: Direction = r.dir === r.spec.indexDir ? 'asc' : 'desc';
  const nulls = sql.raw(r.dir === r.spec.indexDir ? 'nulls last' : 'nulls first');
  return [sql`${key} ${sql.raw(r.dir)} ${nulls}`, sql`${leads.id} ${sql.raw(idDir)} ${nulls}`];
}

/** The filter's conditions with the cursor's bound, for a sort key. */
function rowsWhere(r: RowsRequest, key: SQL, search: SQL | undefined, orgFilter = inOrg): SQL {
  const idDir: Direction = r.dir === r.spec.indexDir ? 'asc' : 'desc';
  const conditions = filterConditions(r.query, r.scope, search, true);
  return orgFilter(
    leads,
    r.scope.organizationId,
    ...conditions,
    r.after && keysetAfter(key, r.dir, idDir, r.after),
  );
}

/** The page as one query: with a search, the opaque key makes the planner start from the trigram index. */
function searchedRows(r: RowsRequest) {
  const key = r.spec.key(r.search !== undefined);
  return selectPage(r, key, leads, rowsWhere(r, key, r.search, r.search ? r.orgFilter : inOrg));
}

/**
 * Whether the planner, shown the page with the plain sort key, would walk the sort index (no Sort in its
 * plan) rather than sort the trigram index's matches: it does when it expects the search to match so
 * many leads that a page fills early in the walk ("servis": 17,700 of 500K leads, a page in 1,500 rows,
 * 7 ms, where reading and sorting every match takes 120 ms). Its estimate comes from the search text's
 * statistics (kept at 1,000 histogram entries for this, migration 0014); the walk it chooses is still
 * bounded (walkedRows), so an estimate far off costs a few milliseconds, not a scan of the organization.
 */
async function plannerWalks(r: RowsRequest): Promise<boolean> {
  const key = r.spec.key(false);
  const page = selectPage(r, key, leads, rowsWhere(r, key, r.search));
  const result = (await r.db.execute(sql`explain (format json) ${page}`)) as unknown as {
    rows: Array<Record<string, unknown>>;
  };
  const cell = Object.values(result.rows[0] ?? {})[0];
  const plan = typeof cell === 'string' ? JSON.parse(cell) : cell;
  return !hasNode(plan, /Sort$/);
}

type PlanNode = { 'Node Type'?: string; Plan?: PlanNode; Plans?: PlanNode[] };

function hasNode(node: unknown, type: RegExp): boolean {
  if (Array.isArray(node)) return node.some((n) => hasNode(n, type));
  if (!node || typeof node !== 'object') return false;
  const n = node as PlanNode;
  return type.test(n['Node Type'] ?? '') || hasNode(n.Plan, type) || hasNode(n.Plans, type);
}

/**
 * The page of a search by walking the sort index through at most `limit` rows of the filter, the search
 * tested on each above the subquery (so the LIMIT stops the walk once a page is full); when that fills no
 * page, through the trigram index as any search.
 */
async function walkedRows(r: RowsRequest, limit: number) {
  const key = r.spec.key(false);
  const walk = r.db
    .select()
    .from(leads)
    .where(rowsWhere(r, key, undefined))
    .orderBy(...orderBy(r, key))
    .limit(limit)
    .as('leads');
  // Named like the table, so the selected columns, the sort key and the search read the walked rows.
  const rows = await selectPage(r, key, walk, r.search ?? sql`true`);
  return rows.length > r.query.limit ? rows : searchedRows(r);
}

/** Rows after the cursor: a redundant bound on the key first, so the index scan starts at the cursor. */
function keysetAfter(key: SQL, dir: Direction, idDir: Direction, after: { value: SQL; id: string }): SQL {
  const [bound, past] = dir === 'desc' ? ['<=', '<'] : ['>=', '>'];
  const idPast = idDir === 'asc' ? '>' : '<';
  const { value, id } = after;
  return sql`(${key} ${sql.raw(bound)} ${value} and (${key} ${sql.raw(past)} ${value} or (${key} = ${value} and ${leads.id} ${sql.raw(idPast)} ${id})))`;
}

/**
 * The earliest due time of the lead's open tasks: a subplan run for each row of the page only (it sits
 * in the select list, above the LIMIT), each one a short range of tasks_org_lead_idx (organization, lead,
 * due_at) read in due order up to the first open task. Not a sort key: ordering by it would run it for
 * every lead of the filter.
 */
const NEXT_TASK_DUE = sql<Date | null>`(select min(${tasks.dueAt}) from ${tasks}
  where ${tasks.organizationId} = ${leads.organizationId} and ${tasks.leadId} = ${leads.id}
    and ${tasks.doneAt} is null)`.mapWith(tasks.dueAt);

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
  country: leads.country,
  custom: leads.custom,
  tags: leads.tags,
  assigneeId: leads.assignedTo,
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
  lastActivityAt: leads.lastActivityAt,
  statusChangedAt: leads.statusChangedAt,
  convertedAt: leads.convertedAt,
};

type ListRow = Pick<LeadRow, Exclude<keyof typeof LIST_COLUMNS, 'assigneeId'>> & {
  assigneeId: string | null;
  assigneeName: string | null;
  nextTaskDueAt: Date | null;
};

function toListItem(r: ListRow & { sortValue?: string }): LeadList['items'][number] {
  // sortValue is the cursor's business (nextCursor), not the row's.
  const {
    assigneeId,
    assigneeName,
    createdAt,
    updatedAt,
    lastActivityAt,
    statusChangedAt,
    convertedAt,
    nextTaskDueAt,
    sortValue,
    ...rest
  } = r;
  return {
    ...rest,
    assignee: assigneeId ? { id: assigneeId, name: assigneeName ?? '' } : null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    lastActivityAt: lastActivityAt.toISOString(),
    statusChangedAt: statusChangedAt.toISOString(),
    convertedAt: convertedAt?.toISOString() ?? null,
    nextTaskDueAt: nextTaskDueAt?.toISOString() ?? null,
  };
}
