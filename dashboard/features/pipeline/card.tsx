import type { LeadListItem } from '@contract/leads';
import { allowedTransitions } from '@core/status';
import { t } from '../../i18n';
import { Link } from '../../router';
import { leadPath } from '../../routes';
import { Avatar } from '../../ui/avatar';
import { ScoreBadge } from '../../ui/score-badge';
import { IdleDays } from '../leads/leads-table';
import { leadName } from '../leads/model';
import { daysSince } from '../leads/query';
import type { ColumnKey } from './board';

type CardProps = {
  lead: LeadListItem;
  canMove: boolean;
  lifted: boolean;
  now: Date;
  onKey: (event: KeyboardEvent, lead: LeadListItem) => void;
  onBlur: () => void;
  /** The pointer picked the card up (`lead`) or let it go (null). */
  onDrag: (lead: LeadListItem | null) => void;
  /** The card's "Move to…" choice: touch screens have no native drag, and a list of columns reads well. */
  onMoveTo: (lead: LeadListItem, to: ColumnKey) => void;
  columnName: (column: ColumnKey) => string;
};

/** One lead on the board: a link to it, its score and age, and the Move button when it may move. */
export function Card({ lead, canMove, lifted, now, onKey, onBlur, onDrag, onMoveTo, columnName }: CardProps) {
  const name = leadName(lead);
  return (
    <li
      class={`card${lifted ? ' card--lifted' : ''}`}
      data-lead-id={lead.id}
      draggable={canMove}
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', lead.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
        onDrag(lead);
      }}
      onDragEnd={() => onDrag(null)}
    >
      <Link href={leadPath(lead.id)} class="card__name" dir="auto">
        {name}
      </Link>
      {lead.company && (
        <span class="card__company" dir="auto">
          {lead.company}
        </span>
      )}
      <span class="card__meta">
        <ScoreBadge score={lead.score} />
        <span>{t('leads.inStageDays', { days: daysSince(lead.statusChangedAt, now) })}</span>
        <IdleDays iso={lead.lastActivityAt} now={now} />
        {lead.assignee ? (
          <Avatar name={lead.assignee.name} />
        ) : (
          <span class="muted">{t('leads.unassigned')}</span>
        )}
      </span>
      {canMove && (
        <button
          type="button"
          class="button card__move"
          data-move={lead.id}
          aria-pressed={lifted}
          aria-describedby="pipeline-instructions"
          onKeyDown={(event) => onKey(event, lead)}
          onBlur={onBlur}
        >
          {t('pipeline.move', { name })}
        </button>
      )}
      {canMove && (
        <select
          class="card__move-to"
          aria-label={t('pipeline.moveTo', { name })}
          data-move-to={lead.id}
          value=""
          onChange={(event) => {
            const to = event.currentTarget.value as ColumnKey;
            event.currentTarget.value = '';
            if (to) onMoveTo(lead, to);
          }}
        >
          <option value="">{t('pipeline.moveTo.choose')}</option>
          {allowedTransitions(lead.status).map((status) => (
            <option key={status} value={status}>
              {columnName(status)}
            </option>
          ))}
        </select>
      )}
    </li>
  );
}
