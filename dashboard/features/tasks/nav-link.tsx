import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { currentPath, Link } from '../../router';
import { PATHS } from '../../routes';

/** "My tasks" in the navigation, with how many are overdue or due today (asked again on every page). */
export function TasksNavLink({ current }: { current: 'page' | 'true' | undefined }) {
  const { api } = useApp();
  const due = useSignal<number | null>(null);
  const path = currentPath.value;
  useEffect(() => {
    let live = true;
    void api.tasks.summary().then((result) => {
      if (live && result.ok) due.value = result.data.overdue + result.data.today;
    });
    return () => {
      live = false;
    };
  }, [api, due, path]);
  const count = due.value;
  return (
    <Link href={PATHS.tasks} aria-current={current}>
      {t('shell.nav.tasks')}
      {count ? (
        <>
          {' '}
          <span class="nav__count" aria-hidden="true">
            {count}
          </span>
          <span class="visually-hidden"> ({t('shell.nav.tasksDue', { count })})</span>
        </>
      ) : null}
    </Link>
  );
}
