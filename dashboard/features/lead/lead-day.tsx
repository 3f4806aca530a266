import type { ActivityKind } from '@contract/activity-kinds';
import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n';
import { isTypingTarget } from '../../ui/row-keys';
import type { Shortcut } from '../leads/shortcuts-dialog';

/** The lead page's keys: the same style as the list's (one letter, no modifier, not while typing). */
export const LEAD_SHORTCUTS: readonly Shortcut[] = [
  ['A', 'lead.shortcut.claim'],
  ['U', 'lead.shortcut.release'],
  ['L', 'lead.shortcut.log'],
  ['?', 'leads.shortcut.help'],
];

type LeadKeys = { claim?: () => void; release?: () => void; log?: () => void; help: () => void };

/** `a` claims, `u` releases, `l` logs an activity and `?` shows the help, except while typing or in a dialog. */
export function useLeadShortcuts(keys: LeadKeys): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const action =
        event.key === '?'
          ? keys.help
          : { a: keys.claim, u: keys.release, l: keys.log }[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [keys.claim, keys.release, keys.log, keys.help]);
}

/**
 * After the rep follows the lead's `tel:` or `mailto:` link, the page offers to log the call or the email
 * when the rep comes back to it (the window is shown or focused again). Returns the pending offer.
 */
export function useReturnOffer(enabled: boolean): Signal<ActivityKind | null> {
  const offer = useSignal<ActivityKind | null>(null);
  const away = useSignal<ActivityKind | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      const href = link?.getAttribute('href') ?? '';
      if (href.startsWith('tel:')) away.value = 'call';
      else if (href.startsWith('mailto:')) away.value = 'email';
    };
    const onReturn = () => {
      if (document.visibilityState !== 'visible' || !away.value) return;
      offer.value = away.value;
      away.value = null;
    };
    document.addEventListener('click', onClick);
    document.addEventListener('visibilitychange', onReturn);
    window.addEventListener('focus', onReturn);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('visibilitychange', onReturn);
      window.removeEventListener('focus', onReturn);
    };
  }, [enabled, offer, away]);
  return offer;
}

type ReturnOfferProps = { kind: ActivityKind; onLog: () => void; onDismiss: () => void };

/** "Back from the call? Log it." with the button that opens the log prefilled, and one that declines. */
export function ReturnOffer({ kind, onLog, onDismiss }: ReturnOfferProps) {
  return (
    <div class="notice return-offer" role="status">
      <p>{t(kind === 'email' ? 'activity.offerEmail' : 'activity.offerCall')}</p>
      <div class="dialog__actions">
        <button type="button" class="button button--primary" onClick={onLog}>
          {t(kind === 'email' ? 'activity.logEmail' : 'activity.logCall')}
        </button>
        <button type="button" class="button" onClick={onDismiss}>
          {t('activity.dismiss')}
        </button>
      </div>
    </div>
  );
}

type OwnershipProps = {
  canClaim: boolean;
  canRelease: boolean;
  canLog: boolean;
  busy: boolean;
  onClaim: () => void;
  onRelease: () => void;
  onLog: () => void;
  onHelp: () => void;
};

/** Assign to me, Release and Log activity, each naming its key; the key help beside them. */
export function LeadDayActions(p: OwnershipProps) {
  return (
    <div class="lead-actions">
      {p.canClaim && (
        <button
          type="button"
          class="button button--primary"
          data-action="claim"
          aria-keyshortcuts="a"
          disabled={p.busy}
          onClick={p.onClaim}
        >
          {t('lead.claim')}{' '}
          <span class="key-hint" aria-hidden="true">
            A
          </span>
        </button>
      )}
      {p.canRelease && (
        <button
          type="button"
          class="button"
          data-action="release"
          aria-keyshortcuts="u"
          disabled={p.busy}
          onClick={p.onRelease}
        >
          {t('lead.release')}{' '}
          <span class="key-hint" aria-hidden="true">
            U
          </span>
        </button>
      )}
      {p.canLog && (
        <button type="button" class="button" data-action="log" aria-keyshortcuts="l" onClick={p.onLog}>
          {t('activity.log')}{' '}
          <span class="key-hint" aria-hidden="true">
            L
          </span>
        </button>
      )}
      <button type="button" class="button" aria-keyshortcuts="?" onClick={p.onHelp}>
        {t('leads.shortcuts')}
      </button>
    </div>
  );
}

type ThumbBarProps = {
  /** The lead's phone in E.164 when it is a valid number (a `tel:` link), else null. */
  phone: string | null;
  email: string | null;
  canClaim: boolean;
  canLog: boolean;
  busy: boolean;
  /** The lead's next move (the first allowed one that is not LOST), or null. */
  next: { label: string; disabled: boolean; onMove: () => void } | null;
  onClaim: () => void;
  onLog: () => void;
};

/**
 * On phones, the lead's main actions in a bar that stays at the bottom of the screen, where a thumb reaches:
 * call, email, log (or claim a lead nobody owns) and the next status. Hidden on wider screens, where the
 * same actions sit in the page's header.
 */
export function ThumbBar(p: ThumbBarProps) {
  const items = [
    p.phone && (
      <a key="call" class="button" href={`tel:${p.phone}`}>
        {t('lead.thumb.call')}
      </a>
    ),
    p.email && (
      <a key="email" class="button" href={`mailto:${p.email}`}>
        {t('lead.thumb.email')}
      </a>
    ),
    p.canClaim ? (
      <button key="claim" type="button" class="button" disabled={p.busy} onClick={p.onClaim}>
        {t('lead.claim')}
      </button>
    ) : (
      p.canLog && (
        <button key="log" type="button" class="button" onClick={p.onLog}>
          {t('lead.thumb.log')}
        </button>
      )
    ),
    p.next && (
      <button
        key="next"
        type="button"
        class="button button--primary"
        disabled={p.next.disabled}
        onClick={p.next.onMove}
      >
        {p.next.label}
      </button>
    ),
  ].filter(Boolean);
  if (items.length === 0) return null;
  return (
    <nav class="thumb-bar" aria-label={t('lead.thumb.label')}>
      {items}
    </nav>
  );
}
