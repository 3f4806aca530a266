import type { OutboxItem } from '@contract/outbox';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDateTime, t } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { OutboxModel } from './model';

const STATUS_KEYS = {
  pending: 'outbox.status.pending',
  sent: 'outbox.status.sent',
  failed: 'outbox.status.failed',
} as const;

function statusText(status: string): string {
  return status in STATUS_KEYS ? t(STATUS_KEYS[status as keyof typeof STATUS_KEYS]) : status;
}

function Row({ item }: { item: OutboxItem }) {
  return (
    <tr>
      <td dir="auto">{item.to ? `${item.to.name} <${item.to.email}>` : '–'}</td>
      <th scope="row" dir="auto">
        <details>
          <summary>{item.subject}</summary>
          <pre class="outbox__text">{item.text}</pre>
        </details>
      </th>
      <td>{statusText(item.status)}</td>
      <td>
        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
      </td>
    </tr>
  );
}

/** What Leadgate sent, or (with no mail transport configured) would have sent. Admins and owners. */
export function OutboxPage() {
  const { api } = useApp();
  const model = useMemo(() => new OutboxModel(), []);
  useEffect(() => {
    void model.load(api.outbox.list);
  }, [api, model]);
  const items = model.items.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('outbox.title') })}>
        {t('outbox.title')}
      </PageHeading>
      <p>{t('outbox.intro')}</p>
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('outbox.loading') : ''}
      </p>
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      {!model.loading.value && items.length === 0 && !model.problem.value && <p>{t('outbox.empty')}</p>}
      {items.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways (axe: scrollable-region-focusable).
        <section class="table-scroll" aria-labelledby="outbox-caption" tabIndex={0}>
          <table class="leads-table">
            <caption id="outbox-caption">{t('outbox.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.to')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.status')}</th>
                <th scope="col">{t('outbox.created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <Row key={item.id} item={item} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
