import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { LeadsTable } from './leads-table';
import type { LeadsModel } from './model';

/** The polite status line: what is loading, or how many leads are shown. */
function statusText(leads: LeadsModel): string {
  const count = leads.count.value;
  switch (leads.phase.value) {
    case 'loading':
      return t('leads.loading');
    case 'loading-more':
      return t('leads.loadingMore');
    case 'ready':
      if (count === 0) return t('leads.empty');
      return leads.hasMore.value ? t('leads.shown', { count }) : t('leads.shownAll', { count });
    default:
      return '';
  }
}

/** The lead list, best score first, fetched a page at a time. */
export function LeadsPage() {
  const { api, leads } = useApp();
  const tbodyRef = useRef<HTMLTableSectionElement>(null);
  // Index of the first row of a freshly appended page; focused once that row is rendered.
  const rowToFocus = useSignal<number | null>(null);
  const focusIndex = rowToFocus.value;
  const problem = leads.problem.value;

  useEffect(() => {
    void leads.refresh(api);
  }, [api, leads]);

  useEffect(() => {
    if (focusIndex === null) return;
    tbodyRef.current?.rows[focusIndex]?.focus();
    rowToFocus.value = null;
  }, [focusIndex, rowToFocus]);

  const loadMore = async () => {
    const before = leads.count.value;
    // Focus moves to the first new lead so keyboard users continue reading where the list grew.
    if ((await leads.loadMore(api)) && leads.count.value > before) rowToFocus.value = before;
  };

  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('leads.title') })}>
        {t('leads.title')}
      </PageHeading>
      <div class="toolbar">
        <button type="button" class="button" onClick={() => leads.refresh(api)}>
          {t('leads.refresh')}
        </button>
        <p class="toolbar__status" role="status" aria-live="polite">
          {leads.busy.value && <span class="spinner" aria-hidden="true" />}
          {statusText(leads)}
        </p>
      </div>
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      {leads.count.value > 0 && (
        <>
          <p id="leads-hint" class="hint">
            {t('leads.keyboardHint')}
          </p>
          <LeadsTable leads={leads.items.value} hintId="leads-hint" tbodyRef={tbodyRef} />
        </>
      )}
      {leads.hasMore.value && (
        <div class="more">
          <button type="button" class="button" onClick={loadMore}>
            {t('leads.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}
