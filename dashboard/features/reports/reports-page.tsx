import { REPORT_GROUPS, type ReportGroup, type ReportKind } from '@core/reports';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t, timeZone } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { ReportsModel, reportParams } from './model';
import { AttributionSection, FunnelSection, RepsSection, VelocitySection } from './sections';

/** Funnel, velocity, attribution and rep performance for a date range, each with chart, table and CSV. */
export function ReportsPage() {
  const { session, api: client } = useApp();
  const api = client.reports;
  const model = useMemo(() => new ReportsModel(), []);
  useEffect(() => {
    void model.load(api);
  }, [api, model]);

  const f = model.filters.value;
  const csv = (kind: ReportKind) => api.csvUrl(kind, reportParams(kind, f, timeZone.value));
  const { funnel, velocity, attribution, reps } = model.reports.value;
  const apply = (event: Event) => {
    event.preventDefault();
    void model.load(api);
  };

  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('reports.title') })}>
        {t('reports.title')}
      </PageHeading>
      <form class="toolbar report-filters" onSubmit={apply}>
        <div class="field">
          <label for="report-from">{t('reports.from')}</label>
          <input
            id="report-from"
            type="date"
            value={f.from}
            onInput={(e) => (model.from.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="report-to">{t('reports.to')}</label>
          <input
            id="report-to"
            type="date"
            value={f.to}
            onInput={(e) => (model.to.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="report-group">{t('reports.groupBy')}</label>
          <select
            id="report-group"
            value={f.groupBy}
            onChange={(e) => (model.groupBy.value = e.currentTarget.value as ReportGroup)}
          >
            {REPORT_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`reports.groupBy.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--primary">
          {t('reports.apply')}
        </button>
      </form>
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('reports.loading') : ''}
      </p>
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      {funnel?.kind === 'funnel' && <FunnelSection report={funnel} csvUrl={csv('funnel')} />}
      {velocity?.kind === 'velocity' && <VelocitySection report={velocity} csvUrl={csv('velocity')} />}
      {attribution?.kind === 'attribution' && (
        <AttributionSection
          report={attribution}
          csvUrl={csv('attribution')}
          currency={session.session.value?.organization.currency ?? 'USD'}
        />
      )}
      {reps?.kind === 'reps' && <RepsSection report={reps} csvUrl={csv('reps')} />}
    </>
  );
}
