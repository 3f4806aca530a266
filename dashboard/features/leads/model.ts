import type { LeadListItem, StatusCounts } from '@contract/leads';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';
import { timeZone } from '../../i18n';
import { apiParams, EMPTY_QUERY, type ListQuery } from './query';

/** How many leads one request asks for. */
export const PAGE_SIZE = 50;

/** `loading` replaces the list, `loading-more` appends to it. */
export type LeadsPhase = 'idle' | 'loading' | 'loading-more' | 'ready' | 'error';

/**
 * Appends a page, dropping leads already shown: scores can change between requests, so a lead may
 * move onto a later page and would otherwise appear twice.
 */
export function appendPage(shown: readonly LeadListItem[], page: readonly LeadListItem[]): LeadListItem[] {
  const seen = new Set(shown.map((lead) => lead.id));
  return [...shown, ...page.filter((lead) => !seen.has(lead.id))];
}

/** The lead list (sorted by score, paged by cursor) and the actions that fetch it. */
export const LeadsModel = createModel(() => {
  const items = signal<LeadListItem[]>([], { name: 'leads.items' });
  const nextCursor = signal<string | null>(null, { name: 'leads.nextCursor' });
  const phase = signal<LeadsPhase>('idle', { name: 'leads.phase' });
  const problem = signal<Problem | null>(null, { name: 'leads.problem' });
  const query = signal<ListQuery>(EMPTY_QUERY, { name: 'leads.query' });
  const counts = signal<StatusCounts | null>(null, { name: 'leads.counts' });
  const total = computed(
    () => {
      const c = counts.value;
      if (!c) return null;
      const statuses = query.value.status;
      return (Object.keys(c) as (keyof StatusCounts)[])
        .filter((s) => statuses.length === 0 || statuses.includes(s))
        .reduce((sum, s) => sum + c[s], 0);
    },
    { name: 'leads.total' },
  );
  // Counts stop at the server's limit; a count at it means "at least", and so does a total that includes it.
  const countLimit = signal<number | null>(null, { name: 'leads.countLimit' });
  const totalCapped = computed(
    () => {
      const c = counts.value;
      const limit = countLimit.value;
      const statuses = query.value.status;
      if (!c || limit === null) return false;
      return (Object.keys(c) as (keyof StatusCounts)[]).some(
        (s) => (statuses.length === 0 || statuses.includes(s)) && c[s] >= limit,
      );
    },
    { name: 'leads.totalCapped' },
  );
  const count = computed(() => items.value.length, { name: 'leads.count' });
  const hasMore = computed(() => nextCursor.value !== null, { name: 'leads.hasMore' });
  const busy = computed(() => phase.value === 'loading' || phase.value === 'loading-more', {
    name: 'leads.busy',
  });
  // Each request takes a ticket; an answer whose ticket is no longer current is dropped, so a slow
  // "load more" cannot append to a list that was refreshed or reset in the meantime.
  let ticket = 0;

  // The counts have their own ticket: a "load more" keeps them (same query), a new first page does not.
  let countsTicket = 0;
  let countsArrived = false;

  async function fetchPage(api: ApiClient, cursor: string | null): Promise<boolean> {
    const mine = ++ticket;
    batch(() => {
      phase.value = cursor ? 'loading-more' : 'loading';
      problem.value = null;
    });
    const params = apiParams(query.value, timeZone.value);
    // The page does not wait for the counts: a common search term's page reads a few hundred leads, its
    // counts up to every match. They come beside it, and the tabs show them when they arrive.
    if (!cursor) void fetchCounts(api, params);
    const result = await api.listLeads({ limit: PAGE_SIZE, cursor, params: { ...params, counts: 'false' } });
    if (mine !== ticket) return false;
    batch(() => {
      if (!result.ok) {
        problem.value = result.problem;
        phase.value = 'error';
        return;
      }
      items.value = cursor ? appendPage(items.value, result.data.items) : result.data.items;
      nextCursor.value = result.data.nextCursor;
      // Counts of the previous query would be wrong beside this page: none until this query's arrive.
      if (!cursor && !countsArrived) counts.value = null;
      phase.value = 'ready';
    });
    return result.ok;
  }

  async function fetchCounts(api: ApiClient, params: Record<string, string>): Promise<void> {
    const mine = ++countsTicket;
    countsArrived = false;
    const result = await api.countLeads(params);
    if (mine !== countsTicket) return;
    countsArrived = true;
    // A failed count leaves the tabs without numbers; the page's own request reports any problem.
    batch(() => {
      counts.value = result.ok ? result.data.counts : null;
      countLimit.value = result.ok ? result.data.countLimit : null;
    });
  }

  return {
    items: items as ReadonlySignal<LeadListItem[]>,
    nextCursor: nextCursor as ReadonlySignal<string | null>,
    phase: phase as ReadonlySignal<LeadsPhase>,
    problem: problem as ReadonlySignal<Problem | null>,
    query: query as ReadonlySignal<ListQuery>,
    counts: counts as ReadonlySignal<StatusCounts | null>,
    /** How many leads match the whole query (all pages), when the server counted them. */
    total,
    /** The server's count limit (a count at it means "at least"), when it sent one. */
    countLimit: countLimit as ReadonlySignal<number | null>,
    /** Whether `total` is a lower bound because a count in it reached the limit. */
    totalCapped,
    count,
    hasMore,
    busy,

    /**
     * Shows the list for another query (filter, search or sort); does nothing when it is the same,
     * unless `reload` (e.g. coming back to the page, where leads may have changed meanwhile).
     */
    setQuery(api: ApiClient, next: ListQuery, { reload = false } = {}): Promise<boolean> {
      if (!reload && JSON.stringify(next) === JSON.stringify(query.value) && phase.value !== 'idle')
        return Promise.resolve(false);
      query.value = next;
      return fetchPage(api, null);
    },

    /** Loads the first page again, replacing the list. Resolves to whether it succeeded. */
    refresh(api: ApiClient): Promise<boolean> {
      return fetchPage(api, null);
    },

    /**
     * Refetches what is shown after a change elsewhere, quietly: as many leads as are loaded (up to 200),
     * no loading phase, the same query, so the rows (keyed by id), the focus, the scroll and the selection
     * stay. Skipped while a request runs (its answer is as fresh).
     */
    async refreshShown(api: ApiClient): Promise<void> {
      if (busy.value || phase.value !== 'ready') return;
      const mine = ++ticket;
      const params = apiParams(query.value, timeZone.value);
      void fetchCounts(api, params);
      const limit = Math.min(Math.max(items.value.length, PAGE_SIZE), 200);
      const result = await api.listLeads({ limit, params: { ...params, counts: 'false' } });
      if (mine !== ticket || !result.ok) return;
      batch(() => {
        items.value = result.data.items;
        nextCursor.value = result.data.nextCursor;
      });
    },

    /** Appends the next page; does nothing on the last page or while a request is running. */
    async loadMore(api: ApiClient): Promise<boolean> {
      if (!nextCursor.value || busy.value) return false;
      return fetchPage(api, nextCursor.value);
    },

    /** Replaces the shown fields of one lead after an edit in its row; the list keeps its order. */
    patchItem(id: string, change: Partial<LeadListItem>): void {
      items.value = items.value.map((lead) => (lead.id === id ? { ...lead, ...change } : lead));
    },

    /** Forgets everything, e.g. on sign-out, so the next user never sees this list. */
    reset(): void {
      ticket++;
      countsTicket++;
      items.value = [];
      nextCursor.value = null;
      counts.value = null;
      query.value = EMPTY_QUERY;
      phase.value = 'idle';
      problem.value = null;
    },
  };
});

export type LeadsModel = InstanceType<typeof LeadsModel>;

/** The name as entered, first name first when there is one; scripts and order are left untouched. */
export function leadName(lead: Pick<LeadListItem, 'firstName' | 'lastName'>): string {
  return lead.firstName ? `${lead.firstName} ${lead.lastName}` : lead.lastName;
}
