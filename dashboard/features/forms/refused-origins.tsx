import type { RefusedOrigin } from '@contract/forms-admin';
import { formatDateTime, t } from '../../i18n';

type RefusedOriginsProps = {
  refused: readonly RefusedOrigin[];
  /** The origin being allowed now: the buttons wait for it. */
  allowing: string | null;
  onAllow: (origin: string) => void;
};

/**
 * The sites whose pages tried to show the form and were refused (the snippet pasted before the site was
 * allowed), each with a button that allows it at once: saved on the server, not with the rest of the draft.
 */
export function RefusedOrigins({ refused, allowing, onAllow }: RefusedOriginsProps) {
  if (refused.length === 0) return null;
  return (
    <div class="refused-origins">
      <p id="fe-refused-title" class="refused-origins__title">
        {t('forms.refused.title')}
      </p>
      <p id="fe-refused-hint" class="hint">
        {t('forms.refused.hint')}
      </p>
      <ul class="refused-origins__list" aria-labelledby="fe-refused-title">
        {refused.map((seen) => (
          <li key={seen.origin} class="refused-origins__item">
            <span>
              {t('forms.refused.seen', {
                origin: seen.origin,
                count: seen.count,
                time: formatDateTime(seen.lastSeenAt),
              })}
            </span>
            <button
              type="button"
              class="button"
              aria-describedby="fe-refused-hint"
              aria-disabled={allowing ? 'true' : undefined}
              onClick={() => {
                if (!allowing) onAllow(seen.origin);
              }}
            >
              {allowing === seen.origin
                ? t('forms.refused.allowing')
                : t('forms.refused.allow', { origin: seen.origin })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
