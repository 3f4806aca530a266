import { hasRole } from '@core/permissions';
import { type Signal, useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Problem } from '../api/problem';
import { useApp } from '../app-context';
import { NotificationBell } from '../features/notifications/bell';
import { QUARANTINE_PATH, QuarantineNavLink } from '../features/quarantine/nav-link';
import { SearchDialog } from '../features/search/search-dialog';
import { TasksNavLink } from '../features/tasks/nav-link';
import { t } from '../i18n';
import { currentPath, Link } from '../router';
import { PATHS } from '../routes';
import { LanguageSwitcher } from './language-switcher';
import { problemMessageKey } from './problem-message';
import { isTypingTarget } from './row-keys';

/** `page` on the section's own page, `true` on a page inside it (a form of the forms list). */
function navCurrent(path: string, section: string): 'page' | 'true' | undefined {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === section) return 'page';
  return trimmed.startsWith(`${section}/`) ? 'true' : undefined;
}

const CRM_NAV = [
  [PATHS.accounts, 'shell.nav.accounts'],
  [PATHS.contacts, 'shell.nav.contacts'],
  [PATHS.opportunities, 'shell.nav.opportunities'],
] as const;

/** The shortcut as the keyboard in front of the user labels it. */
const COMMAND_K =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ K' : 'Ctrl K';

/**
 * Ctrl+K (Cmd+K on a Mac) opens the search from anywhere, `/` too outside text fields. Listening on the
 * window, the last stop of a key event, lets a page that has a search of its own claim `/` first (the lead
 * list focuses its search box and prevents the default).
 */
function useSearchShortcut(open: Signal<boolean>, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return;
      const commandK = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'k';
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
      if (!commandK && !slash) return;
      // Another dialog open (a quick create, a confirmation) keeps the keyboard until it closes; in the
      // search itself Ctrl+K stays there rather than reaching the browser's own search.
      if (document.querySelector('dialog[open]')) {
        if (commandK && open.value) event.preventDefault();
        return;
      }
      event.preventDefault();
      open.value = true;
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open, enabled]);
}

/**
 * The frame of every page: skip link, header (product, user, language, sign-out), navigation when
 * signed in, and the `<main>` landmark the skip link targets.
 */
export function AppShell({ children }: { children: ComponentChildren }) {
  const { api, session, leads, forms, storage } = useApp();
  const signOutProblem = useSignal<Problem | null>(null);
  const searchOpen = useSignal(false);
  const current = session.session.value;
  useSearchShortcut(searchOpen, !!current);
  const menuOpen = useSignal(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const path = currentPath.value;
  // A followed link closes the menu: the page it opens is what the person came for.
  useEffect(() => {
    menuOpen.value = false;
  }, [path]);
  const closeMenu = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !menuOpen.value) return;
    event.preventDefault();
    menuOpen.value = false;
    toggleRef.current?.focus();
  };

  const signOut = async () => {
    signOutProblem.value = null;
    const result = await session.signOut(api);
    if (result.ok) {
      leads.reset();
      forms.reset();
    } else signOutProblem.value = result.problem;
  };

  return (
    <>
      <a class="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header class="header">
        <p class="header__product">{t('app.name')}</p>
        {current && (
          <p class="header__user">
            <span class="visually-hidden">{t('shell.signedInAs')} </span>
            <span class="header__name" dir="auto">
              {current.user.name}
            </span>{' '}
            <span class="header__role">{t(`role.${current.role}`)}</span>{' '}
            <Link
              href={PATHS.account}
              class="header__link"
              aria-current={navCurrent(currentPath.value, PATHS.account)}
            >
              {t('shell.account')}
            </Link>
          </p>
        )}
        {current && hasRole(current.role, 'admin') && (
          <Link
            href={PATHS.settings}
            class="header__link header__settings"
            aria-current={navCurrent(currentPath.value, PATHS.settings)}
          >
            <span aria-hidden="true">⚙</span> {t('shell.settings')}
          </Link>
        )}
        {current && (
          <button
            type="button"
            class="button button--quiet header__search"
            aria-haspopup="dialog"
            aria-keyshortcuts="Control+K Meta+K /"
            onClick={() => {
              searchOpen.value = true;
            }}
          >
            <span aria-hidden="true">⌕</span> {t('search.open')}{' '}
            <span class="header__shortcut" aria-hidden="true">
              <kbd>{COMMAND_K}</kbd>
            </span>
          </button>
        )}
        <LanguageSwitcher storage={storage} />
        {/* notifications (the bell) */}
        {current && <NotificationBell />}
        {current && (
          <button type="button" class="button button--quiet" onClick={signOut}>
            {t('shell.signOut')}
          </button>
        )}
      </header>
      {current && (
        <button
          type="button"
          class="button nav-toggle"
          ref={toggleRef}
          aria-expanded={menuOpen.value}
          aria-controls="main-nav"
          onClick={() => {
            menuOpen.value = !menuOpen.value;
          }}
          onKeyDown={closeMenu}
        >
          <span aria-hidden="true">☰ </span>
          {t('shell.menu')}
        </button>
      )}
      {current && (
        <nav
          id="main-nav"
          class="nav"
          aria-label={t('shell.navLabel')}
          data-open={menuOpen.value ? '' : undefined}
          onKeyDown={closeMenu}
        >
          <ul>
            {/* First: the SDR's day starts with their tasks. */}
            <li>
              <TasksNavLink current={navCurrent(currentPath.value, PATHS.tasks)} />
            </li>
            <li>
              <Link href={PATHS.leads} aria-current={navCurrent(currentPath.value, PATHS.leads)}>
                {t('shell.nav.leads')}
              </Link>
            </li>
            <li>
              <Link href={PATHS.pipeline} aria-current={navCurrent(currentPath.value, PATHS.pipeline)}>
                {t('shell.nav.pipeline')}
              </Link>
            </li>
            <li>
              <Link href={PATHS.forms} aria-current={navCurrent(currentPath.value, PATHS.forms)}>
                {t('shell.nav.forms')}
              </Link>
            </li>
            <li>
              <Link href={PATHS.duplicates} aria-current={navCurrent(currentPath.value, PATHS.duplicates)}>
                {t('shell.nav.duplicates')}
              </Link>
            </li>
            {/* Reports for every role; the outbox for admins and owners (it shows recipients). */}
            <li>
              <Link href={PATHS.reports} aria-current={navCurrent(currentPath.value, PATHS.reports)}>
                {t('shell.nav.reports')}
              </Link>
            </li>
            {hasRole(current.role, 'admin') && (
              <li>
                <Link href={PATHS.outbox} aria-current={navCurrent(currentPath.value, PATHS.outbox)}>
                  {t('shell.nav.outbox')}
                </Link>
              </li>
            )}
            {/* Held submissions wait for an admin's review: their count where admins look every day. */}
            {hasRole(current.role, 'admin') && (
              <li>
                <QuarantineNavLink current={navCurrent(currentPath.value, QUARANTINE_PATH)} />
              </li>
            )}
            {/* lead conversion and CRM records */}
            {CRM_NAV.map(([path, key]) => (
              <li key={path}>
                <Link href={path} aria-current={navCurrent(currentPath.value, path)}>
                  {t(key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" class="main" tabIndex={-1}>
        <div role="alert">
          {signOutProblem.value && (
            <p class="notice notice--error">{t(problemMessageKey(signOutProblem.value))}</p>
          )}
        </div>
        {children}
      </main>
      {current && (
        <SearchDialog
          open={searchOpen.value}
          onClose={() => {
            searchOpen.value = false;
          }}
        />
      )}
    </>
  );
}
