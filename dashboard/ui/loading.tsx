import { t } from '../i18n';

/** A page-sized "Loading…" announced politely to screen readers. */
export function Loading() {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {t('app.loading')}
    </p>
  );
}

/** Shown when a page's code could not be downloaded (offline, new deploy). */
export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  return (
    <div class="notice notice--error" role="alert">
      <p>{t('app.loadFailed')}</p>
      <button type="button" class="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
