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

/** One report: heading, chart with caption, the data table alternative, and its CSV download. */
function Section(props: {
  id: 'funnel' | 'velocity' | 'attribution' | 'reps';
  title: string;
  caption: string;
  bars: Bar[];
  csvUrl: string;
  children: ComponentChildren;
}) {
  return (
    <section class="report" aria-labelledby={`${props.id}-title`}>
      <div class="report__head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
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
          <caption id={`${props.id}-table`}>{t('reports.tableOf', { report: props.title })}</caption>
          {props.children}
        </table>
      </section>
    </section>
  );
}

const Th = ({ children }: { children: ComponentChildren }) => <th scope="col">{children}</th>;

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
  const bars = stages.map(([label, value]) => ({ label, value, text: count(value) }));
  return (
    <Section
      id="funnel"
      title={t('reports.funnel')}
      caption={t('reports.funnelCaption')}
      bars={bars}
      csvUrl={csvUrl}
    >
      <thead>
        <tr>
          <Th>{t('reports.group')}</Th>
          <Th>{t('reports.stage.new')}</Th>
          <Th>{t('reports.stage.contacted')}</Th>
          <Th>{t('reports.stage.qualified')}</Th>
          <Th>{t('reports.stage.converted')}</Th>
          <Th>{t('reports.lost')}</Th>
          <Th>{t('reports.overallRate')}</Th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => (
          <tr key={r.key ?? ''}>
            <th scope="row" dir="auto">
              {groupName(report, r)}
            </th>
            <td>{count(r.total)}</td>
            <td>{`${count(r.contacted)} (${percent(r.rates.contacted)})`}</td>
            <td>{`${count(r.qualified)} (${percent(r.rates.qualified)})`}</td>
            <td>{`${count(r.converted)} (${percent(r.rates.converted)})`}</td>
            <td>{count(r.lost)}</td>
            <td>{percent(r.rates.overall)}</td>
          </tr>
        ))}
      </tbody>
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
      title={t('reports.velocity')}
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
      <tbody>
        {report.rows.map((r) => (
          <tr key={r.key ?? ''}>
            <th scope="row" dir="auto">
              {groupName(report, r)}
            </th>
            {[...r.stages, r.response].map((s, i) => [
              <td key={`${i}-avg`}>{hours(s.avgSeconds)}</td>,
              <td key={`${i}-median`}>{hours(s.medianSeconds)}</td>,
            ])}
            <td>{percent(r.response.withinHourShare)}</td>
          </tr>
        ))}
      </tbody>
    </Section>
  );
}

/** Attribution: leads per group (chart), qualified, converted and their opportunities' amount in the organization's currency. */
export function AttributionSection(props: { report: Of<'attribution'>; csvUrl: string; currency: string }) {
  const { report, csvUrl, currency } = props;
  const bars = report.rows.map((r) => ({
    label: groupName(report, r),
    value: r.leads,
    text: count(r.leads),
  }));
  return (
    <Section
      id="attribution"
      title={t('reports.attribution')}
      caption={t('reports.attributionCaption')}
      bars={bars}
      csvUrl={csvUrl}
    >
      <thead>
        <tr>
          <Th>{t('reports.group')}</Th>
          <Th>{t('reports.leads')}</Th>
          <Th>{t('reports.stage.qualified')}</Th>
          <Th>{t('reports.stage.converted')}</Th>
          <Th>{t('reports.amount')}</Th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => (
          <tr key={r.key ?? ''}>
            <th scope="row" dir="auto">
              {groupName(report, r)}
            </th>
            <td>{count(r.leads)}</td>
            <td>{`${count(r.qualified)} (${percent(r.rates.qualified)})`}</td>
            <td>{`${count(r.converted)} (${percent(r.rates.converted)})`}</td>
            <td>{formatMoney(r.amount, currency)}</td>
          </tr>
        ))}
      </tbody>
    </Section>
  );
}

/** Rep performance: converted per rep (chart), and assigned, contacted, qualified, median response. */
export function RepsSection({ report, csvUrl }: { report: Of<'reps'>; csvUrl: string }) {
  const bars = report.rows.map((r) => ({
    label: groupName(report, r),
    value: r.converted,
    text: count(r.converted),
  }));
  return (
    <Section
      id="reps"
      title={t('reports.reps')}
      caption={t('reports.repsCaption')}
      bars={bars}
      csvUrl={csvUrl}
    >
      <thead>
        <tr>
          <Th>{t('reports.rep')}</Th>
          <Th>{t('reports.assigned')}</Th>
          <Th>{t('reports.stage.contacted')}</Th>
          <Th>{t('reports.stage.qualified')}</Th>
          <Th>{t('reports.stage.converted')}</Th>
          <Th>{t('reports.medianResponse')}</Th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => (
          <tr key={r.key ?? ''}>
            <th scope="row" dir="auto">
              {groupName(report, r)}
            </th>
            <td>{count(r.assigned)}</td>
            <td>{count(r.contacted)}</td>
            <td>{count(r.qualified)}</td>
            <td>{count(r.converted)}</td>
            <td>{t('reports.hours', { hours: hours(r.medianResponseSeconds) })}</td>
          </tr>
        ))}
      </tbody>
    </Section>
  );
}
