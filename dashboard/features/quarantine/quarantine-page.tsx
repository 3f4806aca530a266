import type { QuarantineItem } from '@contract/admin';
import { QUARANTINE_REASONS } from '@contract/quarantine';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDate, formatDateTime, type MessageKey, t } from '../../i18n';
import { Link } from '../../router';
import { leadPath } from '../../routes';
import { ConfirmDialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { refreshHeldCount } from './held-count';
import { type QuarantineModel as Model, payloadEntries, QuarantineModel, submissionName } from './model';
import './quarantine.css';

/** Whose submission it is, for headings and button names. */
const nameOf = (item: QuarantineItem) => submissionName(item.payload) || t('quarantine.unnamed');

function reasonText(reason: string): string {
  return (QUARANTINE_REASONS as readonly string[]).includes(reason)
    ? t(`quarantine.reason.${reason}` as MessageKey & `quarantine.reason.${string}`)
    : t('quarantine.reason.other', { reason });
}

/** What to discard: one submission, or the selection. */
type DiscardTarget = { item: QuarantineItem } | { count: number };

/** Held submissions: why each is held, what it says, and release or discard, one by one or selected. */
export function QuarantinePage() {
  const { api } = useApp();
  const model = useMemo(() => new QuarantineModel(), []);
  const discarding = useSignal<DiscardTarget | null>(null);
  useEffect(() => {
    void model.load(api.quarantine);
  }, [api, model]);
  const after = (done: Promise<boolean>) => {
    void done.then(() => refreshHeldCount(api.quarantine));
  };
  const confirmDiscard = () => {
    const target = discarding.value;
    discarding.value = null;
    if (!target) return;
    after(
      'item' in target ? model.discard(api.quarantine, target.item) : model.bulk(api.quarantine, 'discard'),
    );
  };
  const title = t('quarantine.title');
  const items = model.items.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p class="hint">{t('quarantine.intro')}</p>
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      <div role="status">
        <NoticeText model={model} />
      </div>
      {items === null ? (
        !model.problem.value && <Loading />
      ) : items.length === 0 ? (
        <p>{t('quarantine.empty')}</p>
      ) : (
        <>
          <BulkBar
            model={model}
            onRelease={() => after(model.bulk(api.quarantine, 'release'))}
            onDiscard={() => {
              discarding.value = { count: model.selected.value.size };
            }}
          />
          <ul class="quarantine-list" aria-label={t('quarantine.listLabel')}>
            {items.map((item) => (
              <HeldItem
                key={item.id}
                item={item}
                model={model}
                onRelease={() => after(model.release(api.quarantine, item))}
                onDiscard={() => {
                  discarding.value = { item };
                }}
              />
            ))}
          </ul>
        </>
      )}
      <ConfirmDialog
        target={discarding}
        titleId="quarantine-discard-title"
        title={(target) =>
          'item' in target
            ? t('quarantine.confirmDiscard', { name: nameOf(target.item) })
            : t('quarantine.confirmDiscardMany', { count: target.count })
        }
        label={t('quarantine.discard')}
        onConfirm={confirmDiscard}
      >
        <p>{t('quarantine.discardWarning')}</p>
      </ConfirmDialog>
    </>
  );
}

function NoticeText({ model }: { model: Model }) {
  const notice = model.notice.value;
  if (!notice) return null;
  if (notice.kind === 'released')
    return (
      <p class="notice">
        {t('quarantine.released', { name: notice.name || t('quarantine.unnamed') })}{' '}
        <Link href={leadPath(notice.leadId)}>{t('quarantine.openLead')}</Link>
      </p>
    );
  if (notice.kind === 'discarded')
    return (
      <p class="notice">{t('quarantine.discarded', { name: notice.name || t('quarantine.unnamed') })}</p>
    );
  if (notice.kind === 'already-released') return <p class="notice">{t('quarantine.alreadyReleased')}</p>;
  return (
    <p class="notice">
      {notice.action === 'release'
        ? t('quarantine.bulkReleased', { count: notice.done })
        : t('quarantine.bulkDiscarded', { count: notice.done })}
      {notice.skipped > 0 && <> {t('quarantine.bulkSkipped', { count: notice.skipped })}</>}
      {notice.unreadable > 0 && <> {t('quarantine.bulkUnreadable', { count: notice.unreadable })}</>}
    </p>
  );
}

function BulkBar({
  model,
  onRelease,
  onDiscard,
}: {
  model: Model;
  onRelease: () => void;
  onDiscard: () => void;
}) {
  const count = model.selected.value.size;
  const idle = count === 0 || model.busy.value;
  return (
    <div class="toolbar quarantine-bulk">
      <label class="check">
        <input type="checkbox" checked={model.allSelected.value} onChange={() => model.toggleAll()} />
        {t('quarantine.selectAll')}
      </label>
      <span class="muted">{t('quarantine.selected', { count })}</span>
      <button type="button" class="button" disabled={idle} onClick={onRelease}>
        {t('quarantine.releaseSelected')}
      </button>
      <button type="button" class="button" disabled={idle} onClick={onDiscard}>
        {t('quarantine.discardSelected')}
      </button>
    </div>
  );
}

type HeldItemProps = { item: QuarantineItem; model: Model; onRelease: () => void; onDiscard: () => void };

function HeldItem({ item, model, onRelease, onDiscard }: HeldItemProps) {
  const name = nameOf(item);
  const headingId = `quarantine-${item.id}-name`;
  const received = formatDateTime(item.createdAt);
  return (
    <li class="quarantine-item">
      <div class="quarantine-item__head">
        <input
          type="checkbox"
          id={`quarantine-${item.id}-select`}
          aria-label={t('quarantine.select', { name })}
          checked={model.selected.value.has(item.id)}
          onChange={() => model.toggle(item.id)}
        />
        <h2 id={headingId} class="quarantine-item__name" dir="auto">
          {name}
        </h2>
      </div>
      <p class="quarantine-item__reason">{reasonText(item.reason)}</p>
      <p class="hint">
        {item.formName
          ? t('quarantine.received', { date: received, form: item.formName })
          : t('quarantine.receivedNoForm', { date: received })}
        {item.expiresAt && <> · {t('quarantine.expires', { date: formatDate(item.expiresAt) })}</>}
      </p>
      <details class="quarantine-item__payload">
        <summary>{t('quarantine.payload')}</summary>
        <dl>
          {payloadEntries(item.payload).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd dir="auto">{value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div class="quarantine-item__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={model.busy.value}
          aria-label={t('quarantine.releaseNamed', { name })}
          onClick={onRelease}
        >
          {t('quarantine.release')}
        </button>
        <button
          type="button"
          class="button"
          disabled={model.busy.value}
          aria-label={t('quarantine.discardNamed', { name })}
          onClick={onDiscard}
        >
          {t('quarantine.discard')}
        </button>
      </div>
    </li>
  );
}
