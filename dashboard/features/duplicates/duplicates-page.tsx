import { hasRole } from '@core/permissions';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { GatedButton } from '../../ui/gated-button';
import { PageHeading } from '../../ui/page-heading';
import { ClusterList } from './cluster-list';
import { MergePanel } from './merge-panel';
import { duplicatesProblemKey } from './messages';
import { DuplicatesModel } from './model';

/** The Duplicates page: clusters from the last scan, "Scan now", dismiss, and the merge screen. */
export function DuplicatesPage() {
  const { session, api: client } = useApp();
  const api = client.duplicates;
  const model = useMemo(() => new DuplicatesModel(), []);
  const announce = useSignal('');
  const role = session.session.value?.role ?? 'viewer';
  const isAdmin = !!role && hasRole(role, 'admin');
  const isOwner = role === 'owner';
  useEffect(() => void model.load(api), [model, api]);

  const scan = async () => {
    const found = await model.scan(api);
    if (found !== null) announce.value = t('duplicates.scanned', { count: found });
  };
  const afterMerge = async (dryRun: boolean) => {
    const ok = await model.submit(api, dryRun);
    const done = model.merged.value;
    if (ok && done) announce.value = t('merge.done', { count: done.mergedIds.length + 1 });
  };
  const undo = async () => {
    if (await model.undo(api)) {
      announce.value = t('merge.undone');
      await model.load(api);
    }
  };
  const loadMore = async () => {
    const first = model.clusters.value.length;
    if ((await model.loadMore(api)) === 0) return;
    // Focus moves to the first new cluster, so keyboard users read on where the list grew.
    requestAnimationFrame(() =>
      document.querySelectorAll<HTMLElement>('.cluster table').item(first)?.focus(),
    );
  };
  const close = () => {
    model.cancelMerge();
    announce.value = '';
  };
  const problem = model.problem.value;
  return (
    <>
      <PageHeading documentTitle={t('duplicates.title')}>{t('duplicates.title')}</PageHeading>
      <div class="toolbar">
        <GatedButton
          class="button"
          allowed={isAdmin}
          reasonId="dismiss-needs-admin"
          busy={model.loading.value}
          onClick={scan}
        >
          {model.loading.value ? t('duplicates.scanning') : t('duplicates.scan')}
        </GatedButton>
        <p class="muted">
          {model.scannedAt.value
            ? t('duplicates.lastScan', { date: formatDate(model.scannedAt.value) })
            : t('duplicates.neverScanned')}
        </p>
      </div>
      {!isAdmin && (
        <p class="hint" id="dismiss-needs-admin">
          {t('duplicates.needsAdmin')}
        </p>
      )}
      {!isOwner && (
        <p class="hint" id="merge-needs-owner">
          {t('duplicates.needsOwner')}
        </p>
      )}
      <div role="status" aria-live="polite" class="merge-status">
        {announce.value && <p class="notice">{announce.value}</p>}
      </div>
      <div role="alert">
        {problem && <p class="notice notice--error">{t(duplicatesProblemKey(problem))}</p>}
      </div>
      {model.merging.value ? (
        <MergePanel
          model={model}
          onPreview={() => afterMerge(true)}
          onConfirm={() => afterMerge(false)}
          onUndo={undo}
          onClose={close}
        />
      ) : model.empty.value ? (
        <p>{t('duplicates.empty')}</p>
      ) : (
        <ClusterList
          clusters={model.clusters.value}
          canDismiss={isAdmin}
          canMerge={isOwner}
          onMerge={(c) => model.startMerge(c)}
          onDismiss={async (c) => {
            if (await model.dismiss(api, c.id)) announce.value = t('duplicates.dismissed');
          }}
        />
      )}
      {!model.merging.value && model.hasMore.value && (
        <div class="more">
          <button type="button" class="button" onClick={loadMore}>
            {t('duplicates.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}
