import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { currentPath, Link } from '../../router';
import { heldCount, refreshHeldCount } from './held-count';

export const QUARANTINE_PATH = '/app/settings/quarantine';

/** "Quarantine" in the navigation (admins and owners), with how many submissions wait (asked on every page). */
export function QuarantineNavLink({ current }: { current: 'page' | 'true' | undefined }) {
  const { api } = useApp();
  const path = currentPath.value;
  useEffect(() => {
    void refreshHeldCount(api.quarantine);
  }, [api, path]);
  const count = heldCount.value;
  return (
    <Link href={QUARANTINE_PATH} aria-current={current}>
      {t('shell.nav.quarantine')}
      {count && count.held > 0 ? (
        <>
          {' '}
          <span class="nav__count" aria-hidden="true" data-testid="quarantine-count">
            {count.capped ? `${count.held}+` : count.held}
          </span>
          <span class="visually-hidden">
            {' '}
            (
            {count.capped
              ? t('shell.nav.quarantineHeldCapped', { count: count.held })
              : t('shell.nav.quarantineHeld', { count: count.held })}
            )
          </span>
        </>
      ) : null}
    </Link>
  );
}
