import type { LeadStatus, StatusCounts } from '@contract/leads';
import type { Member } from '@contract/users';
import { useSignal } from '@preact/signals';
import type { JSX, RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { TextField } from '../../ui/text-field';
import { assigneeChoices } from '../members/members';
import { activeFilterCount, EMPTY_QUERY, type ListQuery, SORTS, type Sort, STATUSES } from './query';

/** How long the search waits after the last key press before asking the server. */
export const SEARCH_DEBOUNCE_MS = 200;

type Change = (next: ListQuery, options?: { replace?: boolean }) => void;

/** The search field: results follow the typing, debounced; the URL is replaced, not pushed, per key. */
export function SearchBox({
  query,
  onChange,
  inputRef,
  onLeave,
}: {
  query: ListQuery;
  onChange: Change;
  inputRef: RefObject<HTMLInputElement>;
  /** Escape leaves the field (keeping its text, searched at once) for the list, where j/k work. */
  onLeave?: () => void;
}) {
  const text = useSignal(query.q);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  // The URL (e.g. Back) may change the search: show it, unless the user is typing something newer.
  useEffect(() => {
    if (timer.current === undefined) text.value = query.q;
  }, [query.q, text]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (value: string) => {
    text.value = value;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      onChange({ ...query, q: value }, { replace: true });
    }, SEARCH_DEBOUNCE_MS);
  };
  return (
    <div class="field search">
      <label for="lead-search">{t('leads.search')}</label>
      <input
        ref={inputRef}
        id="lead-search"
        type="search"
        autocomplete="off"
        aria-describedby="lead-search-hint"
        value={text.value}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !onLeave) return;
          // A search field's Escape would clear it: here it leaves it, and the search it holds stands.
          event.preventDefault();
          if (timer.current !== undefined) {
            clearTimeout(timer.current);
            timer.current = undefined;
            onChange({ ...query, q: text.value }, { replace: true });
          }
          onLeave();
        }}
      />
      <span id="lead-search-hint" class="hint">
        {t('leads.search.hint')}
      </span>
    </div>
  );
}

/** The sort control. */
export function SortSelect({ query, onChange }: { query: ListQuery; onChange: Change }) {
  return (
    <div class="field">
      <label for="lead-sort">{t('leads.sort')}</label>
      <select
        id="lead-sort"
        value={query.sort}
        onChange={(event) => onChange({ ...query, sort: event.currentTarget.value as Sort, order: null })}
      >
        {SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {t(`leads.sort.${sort}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One button per status with its count; the pressed one is the status filter. */
export function StatusTabs({
  query,
  counts,
  countLimit = null,
  onChange,
}: {
  query: ListQuery;
  counts: StatusCounts | null;
  /** Counts stop here on the server: a count at it shows as "1,000+". */
  countLimit?: number | null;
  onChange: Change;
}) {
  const only = query.status.length === 1 ? query.status[0] : null;
  const capped = (n: number) => countLimit !== null && n >= countLimit;
  const sum = counts ? STATUSES.reduce((total, s) => total + counts[s], 0) : null;
  const all =
    counts && sum !== null
      ? countText(
          sum,
          STATUSES.some((s) => capped(counts[s])),
        )
      : null;
  // The check mark shows "pressed" without relying on colour; aria-pressed says it to assistive tech.
  const label = (name: string, count: number | string | null, pressed: boolean) => (
    <>
      {pressed && <span aria-hidden="true">✓ </span>}
      {count === null ? name : t('leads.statusCount', { status: name, count })}
    </>
  );
  const choose = (status: LeadStatus | null) => onChange({ ...query, status: status ? [status] : [] });
  return (
    <fieldset class="status-tabs">
      <legend class="visually-hidden">{t('leads.statusTabs')}</legend>
      <button
        type="button"
        class="chip"
        aria-pressed={query.status.length === 0}
        onClick={() => choose(null)}
      >
        {label(t('leads.statusAll'), all, query.status.length === 0)}
      </button>
      {STATUSES.map((status) => (
        <button
          key={status}
          type="button"
          class="chip"
          aria-pressed={only === status}
          onClick={() => choose(status)}
        >
          {label(
            t(`leads.status.${status}`),
            counts ? countText(counts[status], capped(counts[status])) : null,
            only === status,
          )}
        </button>
      ))}
    </fieldset>
  );
}

const listText = (values: string[]) => values.join(', ');
const fromListText = (text: string) =>
  [...new Set(text.split(',').map((part) => part.trim()))].filter(Boolean).slice(0, 20);
const scoreValue = (text: string) => {
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? null : Math.min(100, Math.max(0, n));
};

/** The filter panel: a disclosure with a form; applying it adds a history entry, so Back undoes it. */
export function FilterPanel({
  query,
  onChange,
  members = [],
}: {
  query: ListQuery;
  onChange: Change;
  /** The organization's members; those who can take leads are offered as assignees. */
  members?: readonly Member[];
}) {
  const count = activeFilterCount(query);
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '');
    const assignee = text('assignee');
    const stale = text('stale');
    const status = STATUSES.filter((s) => data.getAll('status').includes(s));
    onChange({
      ...query,
      status,
      assignee: assignee ? [assignee] : [],
      source: fromListText(text('source')),
      tags: fromListText(text('tags')),
      scoreMin: scoreValue(text('scoreMin')),
      scoreMax: scoreValue(text('scoreMax')),
      createdFrom: text('createdFrom'),
      createdTo: text('createdTo'),
      stale: stale === '30' || stale === '60' ? stale : null,
    });
  };
  const clear = () => onChange({ ...EMPTY_QUERY, q: query.q, sort: query.sort, order: query.order });
  return (
    <details class="filters">
      <summary>{count ? t('leads.filtersActive', { count }) : t('leads.filters')}</summary>
      {/* Keyed by the query, so Back or a cleared filter resets the inputs. */}
      <form key={JSON.stringify(query)} class="filters__form" onSubmit={submit}>
        <fieldset class="choices filters__status">
          <legend>{t('leads.col.status')}</legend>
          {STATUSES.map((status) => (
            <label key={status} class="check">
              <input type="checkbox" name="status" value={status} checked={query.status.includes(status)} />
              {t(`leads.status.${status}`)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="filter-assignee">{t('leads.filter.assignee')}</label>
          <select id="filter-assignee" name="assignee" value={query.assignee[0] ?? ''}>
            <option value="">{t('leads.filter.assignee.any')}</option>
            <option value="me">{t('leads.filter.assignee.me')}</option>
            <option value="unassigned">{t('leads.filter.assignee.unassigned')}</option>
            <AssigneeOptions members={members} selected={query.assignee[0]} />
          </select>
        </div>
        <FilterInput name="source" value={listText(query.source)} />
        <FilterInput name="tags" value={listText(query.tags)} />
        {(['scoreMin', 'scoreMax'] as const).map((name) => (
          <FilterInput key={name} name={name} type="number" min={0} max={100} value={query[name] ?? ''} />
        ))}
        {(['createdFrom', 'createdTo'] as const).map((name) => (
          <FilterInput key={name} name={name} type="date" value={query[name]} />
        ))}
        <div class="field">
          <label for="filter-stale">{t('leads.filter.stale')}</label>
          <select id="filter-stale" name="stale" value={query.stale ?? ''}>
            <option value="">{t('leads.filter.stale.any')}</option>
            <option value="30">{t('leads.filter.stale.30')}</option>
            <option value="60">{t('leads.filter.stale.60')}</option>
          </select>
        </div>
        <div class="filters__actions">
          <button type="submit" class="button button--primary">
            {t('leads.filter.apply')}
          </button>
          <button type="button" class="button" onClick={clear}>
            {t('leads.filter.clear')}
          </button>
        </div>
      </form>
    </details>
  );
}

type FilterName = 'source' | 'tags' | 'scoreMin' | 'scoreMax' | 'createdFrom' | 'createdTo';

/** One labelled input of the filter form; `name` is its query parameter and its catalog key. */
function FilterInput({
  name,
  ...input
}: { name: FilterName } & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const id = `filter-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return <TextField {...input} id={id} name={name} label={t(`leads.filter.${name}`)} />;
}

/** The people a filter can name: assignable members, and the filtered one even before members load. */
function AssigneeOptions({ members, selected }: { members: readonly Member[]; selected?: string }) {
  const current = selected && selected !== 'me' && selected !== 'unassigned' ? selected : null;
  const choices = assigneeChoices(members, current ? { id: current, name: current } : null);
  if (choices.length === 0) return null;
  return (
    <optgroup label={t('leads.filter.assignee.people')}>
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </optgroup>
  );
}

/** A count as shown: "1,000+" when the server stopped counting there (a lower bound), else the number. */
export function countText(count: number, atLeast: boolean): number | string {
  return atLeast ? t('leads.atLeast', { count }) : count;
}
