import type { GlobalSearch } from '@contract/search';
import { computed, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';
import { accountPath, contactPath, leadPath, opportunityPath, PATHS } from '../../routes';

/** The groups, in the order they are shown. */
export const SEARCH_GROUPS = ['leads', 'accounts', 'contacts', 'opportunities'] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

type Item<G extends SearchGroup> = GlobalSearch[G]['items'][number];

/** One choice in the result list: a record, or the group's full list when it holds more. */
export type SearchOption =
  | { [G in SearchGroup]: { kind: 'record'; group: G; id: string; href: string; item: Item<G> } }[SearchGroup]
  | { kind: 'more'; group: SearchGroup; id: string; href: string };

/** Waiting this long after the last key before asking: fast typists send one request, not one per key. */
export const SEARCH_DELAY_MS = 150;

/** Shorter queries are not sent (the server refuses single letters too). */
export const MIN_SEARCH_LENGTH = 2;

const RECORD_PATH: Record<SearchGroup, (id: string) => string> = {
  leads: leadPath,
  accounts: accountPath,
  contacts: contactPath,
  opportunities: opportunityPath,
};

const LIST_PATH: Record<SearchGroup, string> = {
  leads: PATHS.leads,
  accounts: PATHS.accounts,
  contacts: PATHS.contacts,
  opportunities: PATHS.opportunities,
};

/** The options of a result, group by group, each group's "more" after its records. */
export function searchOptions(result: GlobalSearch | null, q: string): SearchOption[][] {
  if (!result) return [];
  return SEARCH_GROUPS.map((group) => {
    const records = result[group].items.map(
      (item) =>
        ({ kind: 'record', group, id: item.id, href: RECORD_PATH[group](item.id), item }) as SearchOption,
    );
    if (!result[group].more) return records;
    const href = `${LIST_PATH[group]}?${new URLSearchParams({ q: q.trim() })}`;
    return [...records, { kind: 'more', group, id: `more-${group}`, href } as SearchOption];
  }).filter((options) => options.length > 0);
}

type Timers = { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
const browserTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The search box's state: what is typed, the answer to it, and the option the arrow keys point at.
 * Requests are debounced, and an answer that arrives after a newer question was asked is dropped, so the
 * list never shows results for text that is no longer in the box.
 */
export function createSearchModel(api: Pick<ApiClient, 'search'>, timers: Timers = browserTimers) {
  const query = signal('', { name: 'search.query' });
  /** The query the shown result answers. */
  const answered = signal('', { name: 'search.answered' });
  const phase = signal<'idle' | 'waiting' | 'ready' | 'failed'>('idle', { name: 'search.phase' });
  const result = signal<GlobalSearch | null>(null, { name: 'search.result' });
  const problem = signal<Problem | null>(null, { name: 'search.problem' });
  const active = signal(-1, { name: 'search.active' });
  const groups = computed(() => searchOptions(result.value, answered.value), { name: 'search.groups' });
  const options = computed(() => groups.value.flat(), { name: 'search.options' });
  let asked = 0;
  let pending: unknown = null;

  async function ask(q: string) {
    const mine = ++asked;
    const answer = await api.search(q);
    if (mine !== asked) return;
    active.value = -1;
    answered.value = q;
    if (answer.ok) {
      result.value = answer.data;
      problem.value = null;
      phase.value = 'ready';
    } else {
      result.value = null;
      problem.value = answer.problem;
      phase.value = 'failed';
    }
  }

  return {
    query,
    phase,
    result,
    problem,
    active,
    groups,
    options,
    /** Takes what is typed; asks after a pause, or clears the results when it is too short to ask. */
    type(text: string) {
      query.value = text;
      if (pending !== null) timers.clear(pending);
      pending = null;
      asked++;
      const q = text.trim();
      if ([...q].length < MIN_SEARCH_LENGTH) {
        result.value = null;
        problem.value = null;
        active.value = -1;
        phase.value = 'idle';
        return;
      }
      phase.value = 'waiting';
      pending = timers.set(() => {
        pending = null;
        void ask(q);
      }, SEARCH_DELAY_MS);
    },
    /** Moves the pointed option by `step`, wrapping at either end. */
    move(step: 1 | -1) {
      const count = options.value.length;
      if (!count) return;
      active.value = active.value < 0 && step < 0 ? count - 1 : (active.value + step + count) % count;
    },
    /** The option to open on Enter: the pointed one, else the first. */
    chosen(): SearchOption | null {
      return options.value[Math.max(active.value, 0)] ?? null;
    },
    /** Empties the box, for the next time the search opens. */
    reset() {
      this.type('');
      answered.value = '';
    },
  };
}

export type SearchModel = ReturnType<typeof createSearchModel>;
