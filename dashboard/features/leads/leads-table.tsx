import type { LeadListItem, LeadStatus } from '@contract/leads';
import type { LIST_COLUMNS } from '@contract/saved-views';
import { allowedTransitions } from '@core/status';
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { formatDate, t } from '../../i18n';
import { navigate } from '../../router';
import { leadPath } from '../../routes';
import { isTypingTarget, rowShortcut, stepRow } from '../../ui/row-keys';
import { ScoreBadge } from '../../ui/score-badge';
import { COLUMN_LABEL, COLUMN_SORT, type ColumnId, customKey, type Density } from './columns';
import { leadName } from './model';
import { daysSince, type Sort, staleLevel } from './query';

type LeadsTableProps = {
  leads: readonly LeadListItem[];
  /** Id of the text explaining the j/k shortcuts. */
  hintId: string;
  tbodyRef: RefObject<HTMLTableSectionElement>;
  /** "Now" for the days-without-activity column. */
  now: Date;
  /** Row checkboxes for bulk actions; absent for roles that cannot change leads. */
  selection?: RowSelection;
};

/** Which rows are checked, and how a checkbox changes that. */
export type RowSelection = {
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
};

/** j/k move focus between rows anywhere on the page (except while typing); Enter opens the focused row. */
function useRowShortcuts(tbodyRef: RefObject<HTMLTableSectionElement>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const rows = Array.from(tbodyRef.current?.rows ?? []);
      const focused = document.activeElement?.closest('tr');
      if (event.key === 'Enter' && !isTypingTarget(event.target) && focused && rows.includes(focused)) {
        const id = focused.dataset.leadId;
        if (id && event.target === focused) {
          event.preventDefault();
          navigate(leadPath(id));
        }
        return;
      }
      const delta = rowShortcut(event);
      if (delta === null || rows.length === 0) return;
      const next = rows[stepRow(focused ? rows.indexOf(focused) : -1, delta, rows.length)];
      if (!next) return;
      event.preventDefault();
      next.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [tbodyRef]);
}

/** What a row's inline edits need: who may change which lead, the people to assign, and the actions. */
export type RowEdits = {
  /** Why this lead cannot be changed here (its id is the reason's element id), or null when it can. */
  reasonId: (lead: LeadListItem) => string | null;
  members: readonly { id: string; name: string }[];
  onStatus: (lead: LeadListItem, to: LeadStatus) => void;
  onAssign: (lead: LeadListItem, assigneeId: string | null) => void;
};

type TableProps = LeadsTableProps & {
  columns: readonly ColumnId[];
  density: Density;
  sort: Sort;
  order: 'asc' | 'desc';
  onSort: (sort: Sort) => void;
  edits: RowEdits;
};

/** The lead list as a data table; rows are focusable by script (j/k), not by Tab; names are links. */
export function LeadsTable(props: TableProps) {
  const { leads, hintId, tbodyRef, columns, density } = props;
  useRowShortcuts(tbodyRef);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways at narrow widths (axe: scrollable-region-focusable).
    <section class="table-scroll table-scroll--sticky" aria-labelledby="leads-caption" tabIndex={0}>
      <table class={`leads-table leads-table--${density}`} aria-describedby={hintId}>
        <caption id="leads-caption">{t('leads.caption')}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <HeaderCell key={column} column={column} {...props} />
            ))}
          </tr>
        </thead>
        <tbody ref={tbodyRef}>
          {leads.map((lead) => (
            <LeadRow key={lead.id} lead={lead} {...props} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A column header: a button that sorts by it where the server can, with aria-sort on the current one. */
function HeaderCell({ column, sort, order, onSort }: TableProps & { column: ColumnId }) {
  const key = customKey(column);
  const label = key ?? t(COLUMN_LABEL[column as keyof typeof COLUMN_LABEL]);
  const columnSort = COLUMN_SORT[column];
  if (!columnSort)
    return (
      <th scope="col" dir={key ? 'auto' : undefined}>
        {label}
      </th>
    );
  const current = sort === columnSort;
  return (
    <th scope="col" aria-sort={current ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" class="sort-button" data-sort={columnSort} onClick={() => onSort(columnSort)}>
        {label}
        <span aria-hidden="true" class="sort-button__mark">
          {current ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );
}

/** Days since the last activity; 30+ and 60+ add an icon and words, so colour is never the only cue. */
export function IdleDays({ iso, now }: { iso: string | undefined; now: Date }) {
  const days = daysSince(iso, now);
  const level = staleLevel(days);
  return (
    <span class={level ? `stale stale--${level}` : undefined}>
      {level && <span aria-hidden="true">{level === 'red' ? '‼ ' : '! '}</span>}
      {t('leads.idleDays', { days })}
      {level && <span class="visually-hidden"> {t(`leads.stale.${level}`)}</span>}
    </span>
  );
}

function LeadRow(props: TableProps & { lead: LeadListItem }) {
  const { lead, columns } = props;
  return (
    <tr tabIndex={-1} data-lead-id={lead.id}>
      {columns.map((column) => (
        <Cell key={column} column={column} {...props} />
      ))}
    </tr>
  );
}

/** The name link; a plain click stays in the app, a modified one opens as the browser would. */
export function LeadLink({ lead }: { lead: LeadListItem }) {
  const href = leadPath(lead.id);
  return (
    <a
      class="lead__name"
      href={href}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {leadName(lead)}
    </a>
  );
}

function Cell(props: TableProps & { lead: LeadListItem; column: ColumnId }) {
  const { lead, column, now, selection, edits } = props;
  const key = customKey(column);
  if (key !== null) return <td dir="auto">{lead.custom?.[key] ?? ''}</td>;
  switch (column as (typeof LIST_COLUMNS)[number]) {
    case 'score':
      return (
        <td>
          <ScoreBadge score={lead.score} />
        </td>
      );
    case 'name':
      return (
        <td dir="auto">
          {/* In the name cell, not a column of its own: the columns keep their places for every role. */}
          {selection && (
            <input
              type="checkbox"
              class="row-check"
              aria-label={t('bulk.selectRow', { name: leadName(lead) })}
              checked={selection.selected.has(lead.id)}
              onChange={(e) => selection.onToggle(lead.id, e.currentTarget.checked)}
            />
          )}
          <LeadLink lead={lead} />
          {lead.title && (
            <span class="lead__title" dir="auto">
              {lead.title}
            </span>
          )}
        </td>
      );
    case 'company':
      return <td dir="auto">{lead.company}</td>;
    case 'status':
      return (
        <td>
          <StatusEdit lead={lead} edits={edits} />
        </td>
      );
    case 'stage':
      return <td>{t('leads.idleDays', { days: daysSince(lead.statusChangedAt, now) })}</td>;
    case 'owner':
      return (
        <td>
          <OwnerEdit lead={lead} edits={edits} />
        </td>
      );
    case 'source':
      return <td dir="auto">{lead.source}</td>;
    case 'campaign':
      return <td dir="auto">{lead.campaign}</td>;
    case 'country':
      return <td>{lead.country}</td>;
    case 'created':
      return (
        <td>
          <time dateTime={lead.createdAt}>{formatDate(lead.createdAt)}</time>
        </td>
      );
    case 'activity':
      return (
        <td>
          <IdleDays iso={lead.lastActivityAt} now={now} />
        </td>
      );
    case 'task':
      return (
        <td>
          <NextTaskDue iso={lead.nextTaskDueAt} now={now} />
        </td>
      );
  }
}

/** When the lead's next open task is due; one already past says so in words, not by colour alone. */
export function NextTaskDue({ iso, now }: { iso: string | null | undefined; now: Date }) {
  if (!iso) return null;
  const overdue = Date.parse(iso) < now.getTime();
  return (
    <>
      {overdue && <strong>{t('tasks.overdue')}</strong>} <time dateTime={iso}>{formatDate(iso)}</time>
    </>
  );
}

/** The status as a select of the moves the rules allow; disabled, with the reason, where the caller may not. */
export function StatusEdit({ lead, edits }: { lead: LeadListItem; edits: RowEdits }) {
  const reason = lead.convertedAt ? 'inline-reason-converted' : edits.reasonId(lead);
  const options = reason ? [lead.status] : [lead.status, ...allowedTransitions(lead.status)];
  return (
    <>
      <select
        class={`inline-select status status--${lead.status.toLowerCase()}`}
        aria-label={t('leads.inline.status', { name: leadName(lead) })}
        aria-describedby={reason ?? undefined}
        disabled={reason !== null}
        value={lead.status}
        data-status-of={lead.id}
        onChange={(event) => {
          const to = event.currentTarget.value as LeadStatus;
          // The select shows the stored status until the server agrees.
          event.currentTarget.value = lead.status;
          if (to !== lead.status) edits.onStatus(lead, to);
        }}
      >
        {options.map((status) => (
          <option key={status} value={status}>
            {t(`leads.status.${status}`)}
          </option>
        ))}
      </select>
      {lead.convertedAt && (
        <span class="converted-mark">
          <span aria-hidden="true">✓ </span>
          {t('leads.convertedMark')}
        </span>
      )}
    </>
  );
}

/** The owner as a select of the people who can take leads, plus Unassigned. */
export function OwnerEdit({ lead, edits }: { lead: LeadListItem; edits: RowEdits }) {
  const reason = lead.convertedAt ? 'inline-reason-converted' : edits.reasonId(lead);
  const current = lead.assignee?.id ?? '';
  const people =
    edits.members.some((m) => m.id === current) || !lead.assignee
      ? edits.members
      : [...edits.members, lead.assignee];
  return (
    <select
      class="inline-select"
      aria-label={t('leads.inline.owner', { name: leadName(lead) })}
      aria-describedby={reason ?? undefined}
      disabled={reason !== null}
      value={current}
      data-owner-of={lead.id}
      onChange={(event) => {
        const to = event.currentTarget.value;
        event.currentTarget.value = current;
        if (to !== current) edits.onAssign(lead, to || null);
      }}
    >
      <option value="">{t('leads.unassigned')}</option>
      {people.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </select>
  );
}
