import type { LeadListItem } from '@contract/leads';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link, navigate } from '../../router';
import { leadPath, PATHS } from '../../routes';
import { isTypingTarget } from '../../ui/row-keys';
import { leadName } from '../leads/model';
import { toSearch } from '../leads/query';

/** Where a lead stands in the list it was opened from: its place, and the leads before and after it. */
export function neighbours(
  items: readonly Pick<LeadListItem, 'id' | 'firstName' | 'lastName'>[],
  id: string,
): { index: number; previous: (typeof items)[number] | null; next: (typeof items)[number] | null } | null {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) return null;
  return { index, previous: items[index - 1] ?? null, next: items[index + 1] ?? null };
}

/**
 * "All leads" back to the list with its search, filters and sort; the previous and next lead of that list
 * (keys `[` and `]`), when the lead was opened from it.
 */
export function ListNav({ leadId }: { leadId: string }) {
  const { leads } = useApp();
  const listHref = `${PATHS.leads}${toSearch(leads.query.value)}`;
  const around = neighbours(leads.items.value, leadId);
  const previous = around?.previous ?? null;
  const next = around?.next ?? null;

  // The keys read the neighbours of what is on screen now: an effect re-registered with them would run only
  // after the paint, and a key pressed in between would step from the lead shown before.
  const shown = useRef({ previous, next });
  shown.current = { previous, next };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const { previous: before, next: after } = shown.current;
      const to = event.key === '[' ? before : event.key === ']' ? after : null;
      if (!to) return;
      event.preventDefault();
      navigate(leadPath(to.id));
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <nav class="breadcrumb list-nav" aria-label={t('lead.listNav')}>
      <Link href={listHref}>{t('lead.back')}</Link>
      {around && (
        <span class="list-nav__steps">
          {previous ? (
            <Link href={leadPath(previous.id)} aria-keyshortcuts="[">
              {t('lead.previous', { name: leadName(previous) })}
            </Link>
          ) : null}
          <span class="muted">
            {t('lead.position', { n: around.index + 1, count: leads.items.value.length })}
          </span>
          {next ? (
            <Link href={leadPath(next.id)} aria-keyshortcuts="]">
              {t('lead.next', { name: leadName(next) })}
            </Link>
          ) : null}
        </span>
      )}
    </nav>
  );
}
