import type { RefusedOrigin } from '@contract/forms-admin';
import { FORM_LIMITS } from '@core/form-settings';
import { t } from '../../i18n';
import { GroupError, Input, inputId } from './controls';
import { type DraftErrors, MAX_LENGTH } from './draft';
import { errorText } from './error-text';
import { RefusedOrigins } from './refused-origins';

type OriginSettingsProps = {
  origins: readonly string[];
  errors: DraftErrors;
  onOrigins: (origins: string[], ...clears: string[]) => void;
  /** Sites the form refused lately, to allow in one click (admins only; empty for the others). */
  refused: readonly RefusedOrigin[];
  allowing: string | null;
  onAllow: (origin: string) => void;
};

/** The sites that may embed the form: one input per origin, added and removed with buttons. */
export function OriginSettings({
  origins,
  errors,
  onOrigins,
  refused,
  allowing,
  onAllow,
}: OriginSettingsProps) {
  const focusRow = (index: number) =>
    requestAnimationFrame(() => document.getElementById(inputId(`allowedOrigins.${index}`))?.focus());

  const add = () => {
    onOrigins([...origins, ''], 'allowedOrigins');
    focusRow(origins.length);
  };
  const remove = (index: number) => {
    // Errors are keyed by row: after a removal they would point at the wrong rows, so they all go.
    onOrigins(
      origins.filter((_, i) => i !== index),
      'allowedOrigins',
      ...origins.map((_, i) => `allowedOrigins.${i}`),
    );
    if (origins.length > 1) focusRow(Math.min(index, origins.length - 2));
    else requestAnimationFrame(() => document.getElementById('fe-origin-add')?.focus());
  };

  return (
    <fieldset class="section" aria-describedby="fe-origins-hint">
      <legend>{t('forms.section.origins')}</legend>
      <p id="fe-origins-hint" class="hint">
        {t('forms.origins.hint')}
      </p>
      <GroupError id="fe-allowedOrigins-error" error={errorText('allowedOrigins', errors.allowedOrigins)} />
      <div class="origin-list">
        {origins.map((origin, index) => {
          const key = `allowedOrigins.${index}`;
          const number = index + 1;
          return (
            <div class="origin-row" key={index}>
              <Input
                errorKey={key}
                label={t('forms.origin.label', { number })}
                error={errorText(key, errors[key])}
                value={origin}
                onValue={(value) =>
                  onOrigins(
                    origins.map((o, i) => (i === index ? value : o)),
                    key,
                  )
                }
                type="url"
                inputMode="url"
                spellcheck={false}
                autocomplete="off"
                placeholder="https://www.example.com"
                maxLength={MAX_LENGTH.origin}
              />
              <button type="button" class="button button--quiet" onClick={() => remove(index)}>
                {t('forms.origin.remove', { number })}
              </button>
            </div>
          );
        })}
      </div>
      <button
        id="fe-origin-add"
        type="button"
        class="button"
        onClick={add}
        disabled={origins.length >= FORM_LIMITS.allowedOrigins}
      >
        {t('forms.origin.add')}
      </button>
      <RefusedOrigins refused={refused} allowing={allowing} onAllow={onAllow} />
    </fieldset>
  );
}
