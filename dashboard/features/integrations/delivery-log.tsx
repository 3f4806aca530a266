import type { WebhookDelivery } from '@contract/admin';
import { formatDateTime, t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';

/** A source's recent deliveries, newest first, with a button that asks again. */
export function DeliveryLog({
  log,
  onRefresh,
}: {
  log: WebhookDelivery[] | undefined;
  onRefresh: () => void;
}) {
  return (
    <>
      <button type="button" class="button" onClick={onRefresh}>
        {t('integrations.hooks.refresh')}
      </button>
      {log === undefined ? (
        <p>{t('app.loading')}</p>
      ) : log.length === 0 ? (
        <p>{t('integrations.hooks.noDeliveries')}</p>
      ) : (
        <ol class="deliveries">
          {log.map((d) => (
            <DeliveryItem key={`${d.receivedAt}-${d.messageId}-${d.outcome}`} delivery={d} />
          ))}
        </ol>
      )}
    </>
  );
}

/** One delivery: when, its outcome and status, the lead it made or changed, or the problem answered. */
function DeliveryItem({ delivery }: { delivery: WebhookDelivery }) {
  const ok = delivery.outcome === 'accepted' || delivery.outcome === 'replayed';
  return (
    <li class={`delivery delivery--${ok ? 'ok' : 'refused'}`}>
      <time dateTime={delivery.receivedAt}>{formatDateTime(delivery.receivedAt)}</time>
      <strong>{t(`integrations.outcome.${delivery.outcome}`)}</strong>
      <span>{t('integrations.hooks.status', { status: delivery.status })}</span>
      {delivery.leadId && (
        <a href={`/app/leads/${delivery.leadId}`}>
          {t(
            delivery.leadOutcome === 'updated'
              ? 'integrations.hooks.leadUpdated'
              : 'integrations.hooks.leadCreated',
          )}
        </a>
      )}
      {delivery.problem && (
        <span>
          {t(problemMessageKey(delivery.problem))}
          {delivery.problem.pointers.length > 0 && (
            <>
              {' '}
              <code>{delivery.problem.pointers.join(' ')}</code>
            </>
          )}
        </span>
      )}
      {delivery.messageId && <code class="hook-url">{delivery.messageId}</code>}
    </li>
  );
}
