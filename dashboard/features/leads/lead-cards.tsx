import type { LeadListItem } from '@contract/leads';
import { t } from '../../i18n';
import { Link } from '../../router';
import { leadPath } from '../../routes';
import { ScoreBadge } from '../../ui/score-badge';
import { LeadLink, OwnerEdit, type RowEdits, StatusEdit } from './leads-table';
import { leadName } from './model';

/** The list on a phone: one card per lead with its name, company, status, score and owner, and Open. */
export function LeadCards({ leads, edits }: { leads: readonly LeadListItem[]; edits: RowEdits }) {
  return (
    <ul class="lead-cards" aria-label={t('leads.caption')}>
      {leads.map((lead) => (
        <li key={lead.id} class="lead-card" data-lead-id={lead.id}>
          <p class="lead-card__name" dir="auto">
            <LeadLink lead={lead} />
          </p>
          {lead.company && (
            <p class="lead-card__company" dir="auto">
              {lead.company}
            </p>
          )}
          <div class="lead-card__meta">
            <ScoreBadge score={lead.score} />
            <StatusEdit lead={lead} edits={edits} />
            <OwnerEdit lead={lead} edits={edits} />
          </div>
          <Link
            href={leadPath(lead.id)}
            class="button button--primary lead-card__open"
            aria-label={t('leads.card.openLabel', { name: leadName(lead) })}
          >
            {t('leads.card.open')}
          </Link>
        </li>
      ))}
    </ul>
  );
}
