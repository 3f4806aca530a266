import type { LeadListItem } from '@contract/leads';
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { formatDate, t } from '../../i18n';
import { Avatar } from '../../ui/avatar';
import { rowShortcut, stepRow } from '../../ui/row-keys';
import { ScoreBadge } from '../../ui/score-badge';
import { leadName } from './model';

type LeadsTableProps = {
  leads: readonly LeadListItem[];
  /** Id of the text explaining the j/k shortcuts. */
  hintId: string;
  tbodyRef: RefObject<HTMLTableSectionElement>;
};

/** Moves focus between rows with j and k anywhere on the page, except while typing in a field. */
function useRowShortcuts(tbodyRef: RefObject<HTMLTableSectionElement>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const delta = rowShortcut(event);
      const rows = Array.from(tbodyRef.current?.rows ?? []);
      if (delta === null || rows.length === 0) return;
      const focused = document.activeElement?.closest('tr');
      const next = rows[stepRow(focused ? rows.indexOf(focused) : -1, delta, rows.length)];
      if (!next) return;
      event.preventDefault();
      next.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [tbodyRef]);
}

/** The lead list as a data table; rows are focusable by script (j/k), not by Tab. */
export function LeadsTable({ leads, hintId, tbodyRef }: LeadsTableProps) {
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
            <th scope="col">{t('leads.col.assignee')}</th>
            <th scope="col">{t('leads.col.source')}</th>
            <th scope="col">{t('leads.col.created')}</th>
          </tr>
        </thead>
        <tbody ref={tbodyRef}>
          {leads.map((lead) => (
            <LeadRow key={lead.id} lead={lead} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function LeadRow({ lead }: { lead: LeadListItem }) {
  return (
    <tr tabIndex={-1} data-lead-id={lead.id}>
      <td>
        <ScoreBadge score={lead.score} />
      </td>
      <td dir="auto">
        <span class="lead__name">{leadName(lead)}</span>
        {lead.title && (
          <span class="lead__title" dir="auto">
            {lead.title}
          </span>
        )}
      </td>
      <td dir="auto">{lead.company}</td>
      <td>
        <span class={`status status--${lead.status.toLowerCase()}`}>{t(`leads.status.${lead.status}`)}</span>
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
