import { eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { forms, leads, opportunities, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { Report, ReportQuery } from '../../contract/reports';
import { actorOf } from '../../core/actor';
import {
  attributionRow,
  funnelRow,
  type ReportGroup,
  type ReportKind,
  repRow,
  velocityRow,
} from '../../core/reports';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

/**
 * The four reports, each ONE set-based query over the organization's live leads created in the range (a
 * cohort), grouped in the database. Stage times come from the leads' stage timestamps (first contact is
 * kept when a lost lead is reopened), not from replaying lead_events.
 */
export async function runReport(
  db: Executor,
  organizationId: string,
  kind: ReportKind,
  query: ReportQuery,
): Promise<Report> {
  const where = inOrg(leads, organizationId, ...filters(query));
  switch (kind) {
    case 'funnel': {
      const groupBy = query.groupBy ?? 'none';
      return { kind, groupBy, rows: (await funnel(db, where, groupBy)).map(funnelRow) };
    }
    case 'velocity': {
      const groupBy = query.groupBy ?? 'none';
      return { kind, groupBy, rows: (await velocity(db, where, groupBy)).map(velocityRow) };
    }
    case 'attribution': {
      const groupBy = query.groupBy ?? 'source';
      return { kind, groupBy, rows: (await attribution(db, where, groupBy)).map(attributionRow) };
    }
    case 'reps':
      return { kind, groupBy: 'rep', rows: (await reps(db, where)).map(repRow) };
  }
}

function filters(q: ReportQuery): Array<SQL | undefined> {
  return [
    isNull(leads.deletedAt),
    q.from ? gte(leads.createdAt, q.from) : undefined,
    q.to ? lt(leads.createdAt, q.to) : undefined,
    q.source ? eq(leads.source, q.source) : undefined,
    q.campaign ? eq(leads.campaign, q.campaign) : undefined,
    q.formId ? eq(leads.formId, q.formId) : undefined,
    q.assignee ? eq(leads.assignedTo, q.assignee) : undefined,
  ];
}

/** The group's key and label expressions, and the join that the label needs (forms and users by id). */
function grouping(groupBy: ReportGroup): { key: SQL; label: SQL; join: SQL } {
  switch (groupBy) {
    case 'none':
      return { key: sql`null::text`, label: sql`null::text`, join: sql`` };
    case 'source':
      return { key: sql`${leads.source}`, label: sql`${leads.source}`, join: sql`` };
    case 'campaign':
      return { key: sql`${leads.campaign}`, label: sql`${leads.campaign}`, join: sql`` };
    case 'form':
      return {
        key: sql`${leads.formId}`,
        label: sql`${forms.name}`,
        join: sql`left join ${forms} on ${forms.id} = ${leads.formId}`,
      };
    case 'rep':
      return {
        key: sql`${leads.assignedTo}`,
        label: sql`${users.name}`,
        join: sql`left join ${users} on ${users.id} = ${leads.assignedTo}`,
      };
  }
}

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(db: Executor, query: SQL): Promise<T[]> =>
  ((await db.execute(query)) as unknown as Rows<T>).rows;

// Reached a stage = has its timestamp, a later one, or the status (imports and the demo seed may set a
// status without every stage's timestamp).
const REACHED_CONTACTED = sql`(${leads.contactedAt} is not null or ${leads.qualifiedAt} is not null or ${leads.convertedAt} is not null or ${leads.status} in ('CONTACTED', 'QUALIFIED'))`;
const REACHED_QUALIFIED = sql`(${leads.qualifiedAt} is not null or ${leads.convertedAt} is not null or ${leads.status} = 'QUALIFIED')`;
const CONVERTED = sql`(${leads.convertedAt} is not null)`;
const epoch = (later: SQL, earlier: SQL) => sql`extract(epoch from (${later} - ${earlier}))::float8`;

type FunnelDbRow = { key: string | null; label: string | null } & Record<
  'total' | 'contacted' | 'qualified' | 'converted' | 'lost',
  number
>;

async function funnel(db: Executor, where: SQL, groupBy: ReportGroup) {
  const g = grouping(groupBy);
  return rowsOf<FunnelDbRow>(
    db,
    sql`select ${g.key} as key, max(${g.label}) as label, count(*)::int as total,
      (count(*) filter (where ${REACHED_CONTACTED}))::int as contacted,
      (count(*) filter (where ${REACHED_QUALIFIED}))::int as qualified,
      (count(*) filter (where ${CONVERTED}))::int as converted,
      (count(*) filter (where ${leads.status} = 'LOST'))::int as lost
    from ${leads} ${g.join} where ${where}
    group by 1 order by total desc, label nulls last, key`,
  );
}

// A stage ends at the first later timestamp: NEW at the first contact (or loss), CONTACTED at
// qualification or loss after the contact, QUALIFIED at conversion or loss after qualification.
const AFTER = (ts: SQL, start: SQL) => sql`case when ${ts} >= ${start} then ${ts} end`;
const NEW_END = sql`least(${leads.contactedAt}, ${leads.qualifiedAt}, ${leads.lostAt})`;
const CONTACTED_END = sql`least(${AFTER(sql`${leads.qualifiedAt}`, sql`${leads.contactedAt}`)}, ${AFTER(sql`${leads.lostAt}`, sql`${leads.contactedAt}`)})`;
// The response clock stops at the first response: a logged call, email or meeting, or the first contact.
const FIRST_RESPONSE = sql`coalesce(${leads.firstResponseAt}, ${leads.contactedAt})`;
const QUALIFIED_END = sql`least(${AFTER(sql`${leads.convertedAt}`, sql`${leads.qualifiedAt}`)}, ${AFTER(sql`${leads.lostAt}`, sql`${leads.qualifiedAt}`)})`;

function stageAggregates(name: string, seconds: SQL): SQL {
  const n = sql.raw(name);
  return sql`count(${seconds})::int as ${n}_count, avg(${seconds})::float8 as ${n}_avg,
    percentile_cont(0.5) within group (order by ${seconds})::float8 as ${n}_median`;
}

type Agg = { count: number; avg: number | null; median: number | null };
type VelocityDbRow = {
  key: string | null;
  label: string | null;
  total: number;
  within_hour: number;
} & Record<`${'new' | 'contacted' | 'qualified' | 'response'}_${'count' | 'avg' | 'median'}`, number | null>;

async function velocity(db: Executor, where: SQL, groupBy: ReportGroup) {
  const g = grouping(groupBy);
  const rows = await rowsOf<VelocityDbRow>(
    db,
    sql`select ${g.key} as key, max(${g.label}) as label, count(*)::int as total,
      ${stageAggregates('new', epoch(NEW_END, sql`${leads.createdAt}`))},
      ${stageAggregates('contacted', epoch(CONTACTED_END, sql`${leads.contactedAt}`))},
      ${stageAggregates('qualified', epoch(QUALIFIED_END, sql`${leads.qualifiedAt}`))},
      ${stageAggregates('response', epoch(FIRST_RESPONSE, sql`${leads.createdAt}`))},
      (count(*) filter (where ${FIRST_RESPONSE} <= ${leads.createdAt} + interval '1 hour'))::int as within_hour
    from ${leads} ${g.join} where ${where}
    group by 1 order by total desc, label nulls last, key`,
  );
  const agg = (r: VelocityDbRow, n: 'new' | 'contacted' | 'qualified' | 'response'): Agg => ({
    count: r[`${n}_count`] ?? 0,
    avg: r[`${n}_avg`],
    median: r[`${n}_median`],
  });
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    total: r.total,
    stages: [agg(r, 'new'), agg(r, 'contacted'), agg(r, 'qualified')],
    response: { ...agg(r, 'response'), withinHour: r.within_hour },
  }));
}

type AttributionDbRow = { key: string | null; label: string | null; amount: string } & Record<
  'leads' | 'qualified' | 'converted',
  number
>;

async function attribution(db: Executor, where: SQL, groupBy: ReportGroup) {
  const g = grouping(groupBy);
  return rowsOf<AttributionDbRow>(
    db,
    sql`select ${g.key} as key, max(${g.label}) as label, count(*)::int as leads,
      (count(*) filter (where ${REACHED_QUALIFIED}))::int as qualified,
      (count(*) filter (where ${CONVERTED}))::int as converted,
      coalesce(sum(${opportunities.amount}) filter (where ${CONVERTED}), 0)::numeric(14,2)::text as amount
    from ${leads} ${g.join}
    left join ${opportunities} on ${opportunities.id} = ${leads.convertedOpportunityId}
      and ${opportunities.organizationId} = ${leads.organizationId} and ${opportunities.deletedAt} is null
    where ${where}
    group by 1 order by leads desc, label nulls last, key`,
  );
}

type RepDbRow = { key: string | null; label: string | null; median_response: number | null } & Record<
  'assigned' | 'contacted' | 'qualified' | 'converted',
  number
>;

async function reps(db: Executor, where: SQL) {
  const g = grouping('rep');
  const rows = await rowsOf<RepDbRow>(
    db,
    sql`select ${g.key} as key, max(${g.label}) as label, count(*)::int as assigned,
      (count(*) filter (where ${REACHED_CONTACTED}))::int as contacted,
      (count(*) filter (where ${REACHED_QUALIFIED}))::int as qualified,
      (count(*) filter (where ${CONVERTED}))::int as converted,
      percentile_cont(0.5) within group (order by ${epoch(FIRST_RESPONSE, sql`${leads.createdAt}`)})::float8 as median_response
    from ${leads} ${g.join} where ${where} and ${leads.assignedTo} is not null
    group by 1 order by assigned desc, label, key`,
  );
  return rows.map(({ median_response, ...r }) => ({ ...r, medianResponse: median_response }));
}

/**
 * Records a report downloaded as a file (an `exported` event, entity `report`, with its filters and row
 * count): aggregates leave the system as a file, and every export is audited.
 */
export async function recordReportExport(
  deps: Pick<Deps, 'now'>,
  db: Executor,
  auth: Auth,
  report: Report,
  query: ReportQuery,
): Promise<void> {
  const { format, ...filter } = query;
  await recordEvents(db, [
    {
      organizationId: auth.organizationId,
      entityType: 'report',
      entityId: report.kind,
      type: 'exported',
      actor: actorOf(auth),
      at: deps.now(),
      data: { format, kind: report.kind, filter, count: report.rows.length },
    },
  ]);
}
