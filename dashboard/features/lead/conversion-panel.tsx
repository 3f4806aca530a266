import type { LeadDetail } from '@contract/leads';
import { useSignal } from '@preact/signals';
import { formatDate, type MessageKey, t } from '../../i18n';
import { Link } from '../../router';
import { accountPath, contactPath, opportunityPath } from '../../routes';
import { ConvertDialog } from './convert-dialog';

/**
 * Conversion on the lead page: a converted lead links to its account, contact and opportunity; a
 * qualified one offers "Convert" (disabled, with the reason, for those who may not change the lead).
 */
export function ConversionPanel({ lead, reason }: { lead: LeadDetail; reason: MessageKey | null }) {
  const open = useSignal(false);
  const conversion = lead.conversion;
  if (conversion) {
    const links = [
      [conversion.accountId, accountPath, 'convert.link.account'],
      [conversion.contactId, contactPath, 'convert.link.contact'],
      [conversion.opportunityId, opportunityPath, 'convert.link.opportunity'],
    ] as const;
    return (
      <section class="panel" aria-labelledby="conversion-heading">
        <h2 id="conversion-heading">{t('convert.links')}</h2>
        <p class="hint">{t('convert.convertedOn', { date: formatDate(conversion.convertedAt) })}</p>
        <ul>
          {links.map(([id, path, key]) =>
            id ? (
              <li key={key}>
                <Link href={path(id)}>{t(key)}</Link>
              </li>
            ) : null,
          )}
        </ul>
      </section>
    );
  }
  if (lead.status !== 'QUALIFIED') return null;
  return (
    <div class="status-actions">
      <button
        type="button"
        class="button button--primary"
        disabled={reason !== null}
        aria-describedby={reason ? 'lead-readonly' : undefined}
        onClick={() => {
          open.value = true;
        }}
      >
        {t('convert.button')}
      </button>
      {open.value && (
        <ConvertDialog
          leadId={lead.id}
          onClose={() => {
            open.value = false;
          }}
        />
      )}
    </div>
  );
}
