import type { Report } from '@contract/reports';
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n';
import { formatMoney } from '../crm/money';
import { type Bar, BarChart } from './bar-chart';
import { count, hours, percent } from './format';

type Of<K extends Report['kind']> = Extract<Report, { kind: K }>;
type Row = { key: string | null; label: string | null };

/** A group's name: its label, "All leads" without grouping, "(none)" for leads without the value. */
export function groupName(report: Report, row: Row): string {
  if (report.groupBy === 'none') return t('reports.allLeads');
  return row.label ?? row.key ?? t('reports.noValue');
}

/** A table column: its heading and the cell it shows for a group. */
type Column<R> = readonly [heading: string, cell: (row: R) => ComponentChildren];

/** One report: heading, chart with caption, the data table alternative, and its CSV download. */
function Section(props: {
  id: 'funnel' | 'velocity' | 'attribution' | 'reps';
  caption: string;
  bars: Bar[];
  csvUrl: string;
  children: ComponentChildren;
}) {
  const title = t(`reports.${props.id}`);
  return (
    <section class="report" aria-labelledby={`${props.id}-title`}>
      <div class="report__head">
        <h2 id={`${props.id}-title`}>{title}</h2>
        <a class="button" href={props.csvUrl} download>
          {t(`reports.download.${props.id}`)}
        </a>
      </div>
      <figure class="report__figure">
        <BarChart bars={props.bars} title={props.caption} captionId={`${props.id}-caption`} />
        <figcaption id={`${props.id}-caption`}>{props.caption}</figcaption>
      </figure>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways (axe: scrollable-region-focusable). */}
      <section class="table-scroll" aria-labelledby={`${props.id}-table`} tabIndex={0}>
        <table class="leads-table">
          <caption id={`${props.id}-table`}>{t('reports.tableOf', { report: title })}</caption>
          {props.children}
        </table>
      </section>
    </section>
  );
}

const Th = ({ children }: { children: ComponentChildren }) => <th scope="col">{children}</th>;

/** One table row per group: the group's name as the row heading, then one cell per column. */
function GroupRows<R extends Row>(props: {
  report: Report;
  rows: R[];
  cells: (row: R) => ComponentChildren[];
}) {
  return (
    <tbody>
      {props.rows.map((r) => (
        <tr key={r.key ?? ''}>
          <th scope="row" dir="auto">
            {groupName(props.report, r)}
          </th>
          {props.cells(r).map((cell, column) => (
            <td key={column}>{cell}</td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

/** A table with one heading row (the group column, then `columns`) and one row per group. */
function GroupTable<R extends Row>(props: {
  report: Report;
  rows: R[];
  group: string;
  columns: Column<R>[];
}) {
  return (
    <>
      <thead>
        <tr>
          <Th>{props.group}</Th>
          {props.columns.map(([heading]) => (
            <Th key={heading}>{heading}</Th>
          ))}
        </tr>
      </thead>
      <GroupRows
        report={props.report}
        rows={props.rows}
        cells={(r) => props.columns.map(([, cell]) => cell(r))}
      />
    </>
  );
}

/** One bar per group: its name and `value`, as a count. */
function groupBars<R extends Row>(report: Report, rows: R[], value: (row: R) => number): Bar[] {
  return rows.map((r) => ({ label: groupName(report, r), value: value(r), text: count(value(r)) }));
}

/** A count with its rate: `12 (40 %)`. */
const countAndRate = (n: number, rate: number | null) => `${count(n)} (${percent(rate)})`;

type FunnelRow = Of<'funnel'>['rows'][number];
type AttributionRow = Of<'attribution'>['rows'][number];
type RepRow = Of<'reps'>['rows'][number];

/** The funnel: leads reaching each stage (chart: the totals), and per group counts and step rates. */
export function FunnelSection({ report, csvUrl }: { report: Of<'funnel'>; csvUrl: string }) {
  const sum = (k: 'total' | 'contacted' | 'qualified' | 'converted') =>
    report.rows.reduce((n, r) => n + r[k], 0);
  const stages = [
    [t('reports.stage.new'), sum('total')],
    [t('reports.stage.contacted'), sum('contacted')],
    [t('reports.stage.qualified'), sum('qualified')],
    [t('reports.stage.converted'), sum('converted')],
  ] as const;
  const columns: Column<FunnelRow>[] = [
    [t('reports.stage.new'), (r) => count(r.total)],
    [t('reports.stage.contacted'), (r) => countAndRate(r.contacted, r.rates.contacted)],
    [t('reports.stage.qualified'), (r) => countAndRate(r.qualified, r.rates.qualified)],
    [t('reports.stage.converted'), (r) => countAndRate(r.converted, r.rates.converted)],
    [t('reports.lost'), (r) => count(r.lost)],
    [t('reports.overallRate'), (r) => percent(r.rates.overall)],
  ];
  return (
    <Section
      id="funnel"
      caption={t('reports.funnelCaption')}
      bars={stages.map(([label, value]) => ({ label, value, text: count(value) }))}
      csvUrl={csvUrl}
    >
      <GroupTable report={report} rows={report.rows} group={t('reports.group')} columns={columns} />
    </Section>
  );
}

/** The velocity table's column groups (each an average and a median, in hours), in VELOCITY_STAGES order. */
const VELOCITY_COLUMNS = [
  'reports.inNew',
  'reports.inContacted',
  'reports.inQualified',
  'reports.responseTime',
] as const;

/** Velocity: median hours in each stage (chart: the first group), response time and the within-an-hour share. */
export function VelocitySection({ report, csvUrl }: { report: Of<'velocity'>; csvUrl: string }) {
  const first = report.rows[0];
  const bars = (first?.stages ?? []).map((s) => ({
    label: t(
      `reports.stage.${s.stage === 'NEW' ? 'new' : s.stage === 'CONTACTED' ? 'contacted' : 'qualified'}`,
    ),
    value: s.medianSeconds ?? 0,
    text: t('reports.hours', { hours: hours(s.medianSeconds) }),
  }));
  return (
    <Section
      id="velocity"
      caption={t('reports.velocityCaption', { group: first ? groupName(report, first) : '–' })}
      bars={bars}
      csvUrl={csvUrl}
    >
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            {t('reports.group')}
          </th>
          {VELOCITY_COLUMNS.map((key) => (
            <th key={key} scope="colgroup" colSpan={2}>
              {t(key)}
            </th>
          ))}
          <th scope="col" rowSpan={2}>
            {t('reports.withinHour')}
          </th>
        </tr>
        <tr>
          {VELOCITY_COLUMNS.map((key) => [
            <Th key={`${key}-avg`}>{t('reports.average')}</Th>,
            <Th key={`${key}-median`}>{t('reports.median')}</Th>,
          ])}
        </tr>
      </thead>
      <GroupRows
        report={report}
        rows={report.rows}
        cells={(r) => [
          ...[...r.stages, r.response].flatMap((s) => [hours(s.avgSeconds), hours(s.medianSeconds)]),
          percent(r.response.withinHourShare),
        ]}
      />
    </Section>
  );
}

/** Attribution: leads per group (chart), qualified, converted and their opportunities' amount in the organization's currency. */
export function AttributionSection(props: { report: Of<'attribution'>; csvUrl: string; currency: string }) {
  const { report, csvUrl, currency } = props;
  const columns: Column<AttributionRow>[] = [
    [t('reports.leads'), (r) => count(r.leads)],
    [t('reports.stage.qualified'), (r) => countAndRate(r.qualified, r.rates.qualified)],
    [t('reports.stage.converted'), (r) => countAndRate(r.converted, r.rates.converted)],
    [t('reports.amount'), (r) => formatMoney(r.amount, currency)],
  ];
  return (
    <Section
      id="attribution"
      caption={t('reports.attributionCaption')}
      bars={groupBars(report, report.rows, (r) => r.leads)}
      csvUrl={csvUrl}
    >
      <GroupTable report={report} rows={report.rows} group={t('reports.group')} columns={columns} />
    </Section>
  );
}

/** Rep performance: converted per rep (chart), and assigned, contacted, qualified, median response. */
export function RepsSection({ report, csvUrl }: { report: Of<'reps'>; csvUrl: string }) {
  const columns: Column<RepRow>[] = [
    [t('reports.assigned'), (r) => count(r.assigned)],
    [t('reports.stage.contacted'), (r) => count(r.contacted)],
    [t('reports.stage.qualified'), (r) => count(r.qualified)],
    [t('reports.stage.converted'), (r) => count(r.converted)],
    [t('reports.medianResponse'), (r) => t('reports.hours', { hours: hours(r.medianResponseSeconds) })],
  ];
  return (
    <Section
      id="reps"
      caption={t('reports.repsCaption')}
      bars={groupBars(report, report.rows, (r) => r.converted)}
      csvUrl={csvUrl}
    >
      <GroupTable report={report} rows={report.rows} group={t('reports.rep')} columns={columns} />
    </Section>
  );
}
