import type { LeadListItem } from '@contract/leads';
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { formatDate, t } from '../../i18n';
import { navigate } from '../../router';
import { leadPath } from '../../routes';
import { Avatar } from '../../ui/avatar';
import { isTypingTarget, rowShortcut, stepRow } from '../../ui/row-keys';
import { ScoreBadge } from '../../ui/score-badge';
import { leadName } from './model';
import { daysSince, staleLevel } from './query';

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

/** The lead list as a data table; rows are focusable by script (j/k), not by Tab; names are links. */
export function LeadsTable({ leads, hintId, tbodyRef, now, selection }: LeadsTableProps) {
  useRowShortcuts(tbodyRef);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways at narrow widths (axe: scrollable-region-focusable).
    <section class="table-scroll" aria-labelledby="leads-caption" tabIndex={0}>
      <table class="leads-table" aria-describedby={hintId}>
        <caption id="leads-caption">{t('leads.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('leads.col.score')}</th>
            <th scope="col">{t('leads.col.name')}</th>
            <th scope="col">{t('leads.col.company')}</th>
            <th scope="col">{t('leads.col.status')}</th>
            <th scope="col">{t('leads.col.inStage')}</th>
            <th scope="col">{t('leads.col.idle')}</th>
            <th scope="col">{t('leads.col.assignee')}</th>
            <th scope="col">{t('leads.col.source')}</th>
            <th scope="col">{t('leads.col.created')}</th>
          </tr>
        </thead>
        <tbody ref={tbodyRef}>
          {leads.map((lead) => (
            <LeadRow key={lead.id} lead={lead} now={now} selection={selection} />
          ))}
        </tbody>
      </table>
    </section>
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

function LeadRow({ lead, now, selection }: { lead: LeadListItem; now: Date; selection?: RowSelection }) {
  const href = leadPath(lead.id);
  return (
    <tr tabIndex={-1} data-lead-id={lead.id}>
      <td>
        <ScoreBadge score={lead.score} />
      </td>
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
        <a
          class="lead__name"
          href={href}
          onClick={(event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
              return;
            event.preventDefault();
            navigate(href);
          }}
        >
          {leadName(lead)}
        </a>
        {lead.title && (
          <span class="lead__title" dir="auto">
            {lead.title}
          </span>
        )}
      </td>
      <td dir="auto">{lead.company}</td>
      <td>
        <span class={`status status--${lead.status.toLowerCase()}`}>{t(`leads.status.${lead.status}`)}</span>
        {lead.convertedAt && (
          <span class="converted-mark">
            <span aria-hidden="true">✓ </span>
            {t('leads.convertedMark')}
          </span>
        )}
      </td>
      <td>{t('leads.idleDays', { days: daysSince(lead.statusChangedAt, now) })}</td>
      <td>
        <IdleDays iso={lead.lastActivityAt} now={now} />
      </td>
      <td>
        {lead.assignee ? (
          <Avatar name={lead.assignee.name} />
        ) : (
          <span class="muted">{t('leads.unassigned')}</span>
        )}
      </td>
      <td dir="auto">{lead.source}</td>
      <td>
        <time dateTime={lead.createdAt}>{formatDate(lead.createdAt)}</time>
      </td>
    </tr>
  );
}
