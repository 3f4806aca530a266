import type { Notification } from '@contract/notifications';
import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { refetchOn } from '../../api/live';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { NotificationsModel, notificationSentence } from './model';
import './bell.css';

const PANEL_ID = 'notifications-panel';
const TITLE_ID = 'notifications-title';

/**
 * The bell in the header: the unread count in its name ("Notifications, 3 unread"), a panel of the newest
 * notifications that opens below it (Escape or a click elsewhere closes it, focus returns to the bell),
 * mark read on follow or all at once. Polls every 30 s while the tab is visible. The model lives with the
 * bell, which is shown only while signed in, so nothing of one user's notifications outlives the session.
 */
export function NotificationBell() {
  const { api, live } = useApp();
  const model = useMemo(() => new NotificationsModel(), []);
  const open = useSignal(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  // Pushed when the person's notifications change (a new one, one read in another tab); every 30 s when
  // push is unavailable.
  useEffect(() => {
    void model.refresh(api);
    return refetchOn(
      live,
      (e) => e.type === 'notification',
      () => void model.refresh(api),
    );
  }, [api, model, live]);
  const close = (returnFocus: boolean) => {
    open.value = false;
    if (returnFocus) buttonRef.current?.focus();
  };
  const toggle = () => {
    if (open.value) return close(false);
    open.value = true;
    void model.refresh(api);
  };
  useDismiss(open.value, rootRef, close);
  useEffect(() => {
    if (open.value) panelRef.current?.focus();
  }, [open.value]);

  const badge = model.badge.value;
  return (
    <div class="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        class="bell__button"
        aria-expanded={open.value}
        aria-controls={PANEL_ID}
        aria-label={badge ? t('notifications.labelUnread', { count: badge }) : t('notifications.title')}
        onClick={toggle}
      >
        <BellIcon />
        {badge && (
          <span class="bell__badge" aria-hidden="true">
            {badge}
          </span>
        )}
      </button>
      {open.value && (
        <section id={PANEL_ID} ref={panelRef} class="bell__panel" aria-labelledby={TITLE_ID} tabIndex={-1}>
          <Panel model={model} onFollow={() => close(false)} />
        </section>
      )}
    </div>
  );
}

/**
 * Closes an open popover on Escape (focus back to its button), on a pointer press outside it, and when
 * Tab moves focus out of it.
 */
function useDismiss(open: boolean, rootRef: RefObject<HTMLElement>, close: (returnFocus: boolean) => void) {
  useEffect(() => {
    const root = rootRef.current;
    if (!open || !root) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.contains(event.target as Node)) close(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      close(true);
    };
    // Tabbing past the panel closes it, as a click elsewhere does.
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget as Node | null;
      if (next && !root.contains(next)) close(false);
    };
    document.addEventListener('pointerdown', onPointer);
    root.addEventListener('keydown', onKey);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      root.removeEventListener('keydown', onKey);
      root.removeEventListener('focusout', onFocusOut);
    };
  }, [open]);
}

function Panel({ model, onFollow }: { model: NotificationsModel; onFollow: () => void }) {
  const { api } = useApp();
  const items = model.items.value;
  return (
    <>
      <div class="bell__head">
        <h2 id={TITLE_ID} class="bell__title">
          {t('notifications.title')}
        </h2>
        <button
          type="button"
          class="button button--quiet"
          disabled={model.unreadCount.value === 0}
          onClick={() => void model.markAllRead(api)}
        >
          {t('notifications.markAllRead')}
        </button>
      </div>
      <div role="status">
        {model.problem.value && <p class="notice notice--error">{t('notifications.loadFailed')}</p>}
      </div>
      {model.loaded.value && items.length === 0 && <p class="bell__empty">{t('notifications.empty')}</p>}
      <ul class="bell__list">
        {items.map((n) => (
          <li key={n.id} class={n.readAt ? 'bell__item' : 'bell__item bell__item--unread'}>
            <NotificationLine
              notification={n}
              onFollow={() => {
                void model.markRead(api, n.id);
                onFollow();
              }}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function NotificationLine({
  notification: n,
  onFollow,
}: {
  notification: Notification;
  onFollow: () => void;
}) {
  const body = (
    <>
      {!n.readAt && <span class="visually-hidden">{t('notifications.unread')} </span>}
      <span dir="auto">{notificationSentence(n)}</span>{' '}
      <time class="bell__time" dateTime={n.createdAt}>
        {formatDate(n.createdAt)}
      </time>
    </>
  );
  // Only in-app links are followed; anything else is shown as text.
  if (n.link?.startsWith('/app/'))
    return (
      <Link href={n.link} class="bell__link" onClick={onFollow}>
        {body}
      </Link>
    );
  return <span class="bell__link">{body}</span>;
}

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}
