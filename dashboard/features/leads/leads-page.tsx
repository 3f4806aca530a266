import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { refetchOn } from '../../api/live';
import { useApp } from '../../app-context';
import { t, timeZone } from '../../i18n';
import { currentSearch, Link, navigate } from '../../router';
import { PATHS } from '../../routes';
import { focusAfterRender } from '../../ui/focus';
import { GatedButton } from '../../ui/gated-button';
import { useMedia } from '../../ui/media';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { isTypingTarget } from '../../ui/row-keys';
import { useMembers } from '../members/members';
import { BulkBar } from './bulk-bar';
import { createBulkModel } from './bulk-model';
import { ColumnChooser, DensityToggle } from './column-chooser';
import { createLayoutModel, DEFAULT_LAYOUT } from './columns';
import { useInlineEdits } from './inline-edits';
import { LeadCards } from './lead-cards';
import { LeadsTable } from './leads-table';
import { countText, FilterPanel, SearchBox, SortSelect, StatusTabs } from './list-controls';
import type { LeadsModel } from './model';
import { apiParams, type ListQuery, parseQuery, queryParams, toSearch } from './query';
import { QuickCreateDialog } from './quick-create-dialog';
import { SavedViews } from './saved-views';
import { ShortcutsDialog } from './shortcuts-dialog';

/** The polite status line: what is loading, or how many leads are shown out of how many match. */
function statusText(leads: LeadsModel): string {
  const count = leads.count.value;
  const total = leads.total.value;
  switch (leads.phase.value) {
    case 'loading':
      return t('leads.loading');
    case 'loading-more':
      return t('leads.loadingMore');
    case 'ready':
      if (count === 0) return t('leads.noMatch');
      if (total !== null)
        return t('leads.matching', { count, total: countText(total, leads.totalCapped.value) });
      return leads.hasMore.value ? t('leads.shown', { count }) : t('leads.shownAll', { count });
    default:
      return '';
  }
}

/** `/` focuses the search and `?` opens the shortcut help, except while typing in a field. */
function usePageShortcuts(searchRef: { current: HTMLInputElement | null }, openHelp: () => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        openHelp();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [searchRef, openHelp]);
}

/** The lead list: search, filters, sort and status counts, all kept in the URL; fetched a page at a time. */
export function LeadsPage() {
  const { api, leads, session, storage, live } = useApp();
  const layoutModel = useMemo(() => createLayoutModel(storage), [storage]);
  const layout = layoutModel.layout.value;
  const phone = useMedia('(max-width: 480px)');
  const columnsOpen = useSignal(false);
  const customKeys = useCustomKeys();
  const members = useMembers(api);
  const tbodyRef = useRef<HTMLTableSectionElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const helpOpen = useSignal(false);
  const createOpen = useSignal(false);
  const role = session.session.value?.role;
  const canCreate = role !== undefined && role !== 'viewer';
  const bulk = useMemo(() => createBulkModel(), []);
  // Index of the first row of a freshly appended page; focused once that row is rendered.
  const rowToFocus = useSignal<number | null>(null);
  const focusIndex = rowToFocus.value;
  const problem = leads.problem.value;
  const search = currentSearch.value;
  const query = useMemo(() => parseQuery(search), [search]);
  const now = useMemo(() => new Date(), [leads.items.value]);

  // The URL is the source of truth: typing, filters, sort and Back all arrive here. The first run
  // reloads, since leads may have changed while another page was shown.
  const mounted = useRef(false);
  useEffect(() => {
    void leads.setQuery(api, query, { reload: !mounted.current });
    mounted.current = true;
    // A selection belongs to the list it was made in.
    bulk.clear();
  }, [api, leads, query, bulk]);
  const filter = apiParams(query, timeZone.value);

  // Leads that arrive or change elsewhere show up without a reload (the rows, focus and selection stay).
  useEffect(
    () =>
      refetchOn(
        live,
        (e) => e.type.startsWith('lead.'),
        () => void leads.refreshShown(api),
      ),
    [api, leads, live],
  );

  useEffect(() => {
    if (focusIndex === null) return;
    tbodyRef.current?.rows[focusIndex]?.focus();
    rowToFocus.value = null;
  }, [focusIndex, rowToFocus]);

  const openHelp = useMemo(
    () => () => {
      helpOpen.value = true;
    },
    [helpOpen],
  );
  usePageShortcuts(searchRef, openHelp);

  const change = (next: ListQuery, { replace = false } = {}) =>
    navigate(`${PATHS.leads}${toSearch(next)}`, { replace });

  const edits = useInlineEdits(members.value ?? []);
  const sortBy = (sort: ListQuery['sort']) => {
    const order = effectiveOrder(query);
    change({ ...query, sort, order: query.sort === sort ? (order === 'asc' ? 'desc' : 'asc') : null });
  };

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
      <search class="list-controls">
        <SearchBox
          query={query}
          onChange={change}
          inputRef={searchRef}
          onLeave={() => {
            // The list itself (j/k pick a row from there), or the page's start when nothing matched.
            const list = document.querySelector<HTMLElement>('.table-scroll');
            (list ?? document.querySelector<HTMLElement>('.page-heading'))?.focus();
          }}
        />
        <SortSelect query={query} onChange={change} />
      </search>
      <StatusTabs
        query={query}
        counts={leads.counts.value}
        countLimit={leads.countLimit.value}
        onChange={change}
      />
      <FilterPanel query={query} onChange={change} members={members.value ?? []} />
      <SavedViews params={queryParams(query)} canSave={role !== undefined} layout={layoutModel} />
      <div class="list-layout">
        <DensityToggle layout={layout} onChange={layoutModel.set} />
        <button
          type="button"
          class="button"
          aria-haspopup="dialog"
          onClick={() => {
            columnsOpen.value = true;
          }}
        >
          {t('leads.columns.open')}
        </button>
      </div>
      <ColumnChooser
        open={columnsOpen.value}
        onClose={() => {
          columnsOpen.value = false;
        }}
        layout={layout}
        onChange={layoutModel.set}
        customKeys={customKeys.value}
        defaultColumns={DEFAULT_LAYOUT.columns}
      />
      <div class="toolbar">
        <GatedButton
          class="button button--primary"
          allowed={canCreate}
          reasonId="create-reason"
          onClick={() => {
            createOpen.value = true;
          }}
        >
          {t('create.open')}
        </GatedButton>
        {!canCreate && (
          <span id="create-reason" class="hint">
            {t('create.viewerReason')}
          </span>
        )}
        <button type="button" class="button" onClick={() => leads.refresh(api)}>
          {t('leads.refresh')}
        </button>
        <ImportEntry role={role} />
        <p class="toolbar__status" role="status" aria-live="polite">
          {leads.busy.value && <span class="spinner" aria-hidden="true" />}
          {statusText(leads)}
        </p>
      </div>
      <ExportLinks href={(format) => api.exportUrl(filter, format)} />
      {canCreate && leads.count.value > 0 && (
        <label class="check">
          <input
            type="checkbox"
            class="row-check"
            checked={pageSelected(bulk.selected.value, leads.items.value)}
            onChange={(e) =>
              bulk.setPage(
                leads.items.value.map((l) => l.id),
                e.currentTarget.checked,
              )
            }
          />
          {t('bulk.selectPage')}
        </label>
      )}
      {canCreate && (bulk.size.value > 0 || bulk.outcome.value) && (
        <BulkBar
          api={api}
          bulk={bulk}
          total={leads.total.value}
          totalCapped={leads.totalCapped.value}
          filter={filter}
          onChanged={() => leads.refresh(api)}
          canDelete={role === 'owner'}
        />
      )}
      {canCreate &&
        pageSelected(bulk.selected.value, leads.items.value) &&
        (leads.total.value ?? 0) > leads.count.value &&
        !bulk.allMatching.value && (
          <p class="hint">
            <button
              type="button"
              class="button"
              onClick={() => {
                bulk.allMatching.value = true;
                // The button goes away: the bar's title now says what is selected.
                focusAfterRender('#bulk-title');
              }}
            >
              {t('bulk.selectAllMatching', {
                total: countText(leads.total.value ?? 0, leads.totalCapped.value),
              })}
            </button>
          </p>
        )}
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      {edits.view}
      {leads.count.value > 0 && phone.value && <LeadCards leads={leads.items.value} edits={edits.edits} />}
      {leads.count.value > 0 && !phone.value && (
        <>
          <p id="leads-hint" class="hint">
            {t('leads.keyboardHint')}
          </p>
          <LeadsTable
            leads={leads.items.value}
            hintId="leads-hint"
            tbodyRef={tbodyRef}
            now={now}
            columns={layout.columns}
            density={layout.density}
            sort={query.sort}
            order={effectiveOrder(query)}
            onSort={sortBy}
            edits={edits.edits}
            selection={
              canCreate
                ? {
                    selected: bulk.selected.value,
                    onToggle: bulk.toggle,
                  }
                : undefined
            }
          />
        </>
      )}
      {leads.hasMore.value && (
        <div class="more">
          <button type="button" class="button" onClick={loadMore}>
            {t('leads.loadMore')}
          </button>
        </div>
      )}
      {createOpen.value && (
        <QuickCreateDialog
          onClose={() => {
            createOpen.value = false;
          }}
        />
      )}
      <ShortcutsDialog
        open={helpOpen.value}
        onClose={() => {
          helpOpen.value = false;
        }}
      />
    </>
  );
}

/** The direction the list is in: the URL's, else the sort's default (as the server applies it). */
function effectiveOrder(query: ListQuery): 'asc' | 'desc' {
  if (query.order) return query.order;
  return ['name', 'company', 'campaign', 'country'].includes(query.sort) ? 'asc' : 'desc';
}

/** The organization's custom attribute keys, for the column chooser; none when they cannot be read. */
function useCustomKeys() {
  const { api } = useApp();
  const keys = useSignal<string[]>([]);
  useEffect(() => {
    let live = true;
    void api.listCustomKeys().then((result) => {
      if (live && result.ok) keys.value = result.data.keys;
    });
    return () => {
      live = false;
    };
  }, [api]);
  return keys;
}

function pageSelected(selected: ReadonlySet<string>, items: readonly { id: string }[]): boolean {
  return items.length > 0 && items.every((l) => selected.has(l.id));
}

/** Downloads of the current filter; the server decides which columns the role gets. */
function ExportLinks({ href }: { href: (format: 'csv' | 'json') => string }) {
  return (
    <nav class="export-links" aria-label={t('export.label')}>
      <a class="button" href={href('csv')} download>
        {t('export.csv')}
      </a>
      <a class="button" href={href('json')} download>
        {t('export.json')}
      </a>
    </nav>
  );
}

/** The way into the CSV import: owners follow it; others see why they cannot. */
function ImportEntry({ role }: { role: string | undefined }) {
  if (role === 'owner')
    return (
      <Link class="button" href={PATHS.importLeads}>
        {t('import.open')}
      </Link>
    );
  return (
    <>
      <button type="button" class="button" disabled aria-describedby="import-reason">
        {t('import.open')}
      </button>
      <span id="import-reason" class="hint">
        {t('import.adminReason')}
      </span>
    </>
  );
}
