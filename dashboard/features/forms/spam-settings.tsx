import { FORM_LIMITS } from '@core/form-settings';
import { t } from '../../i18n';
import { Check, Input } from './controls';
import { type DraftErrors, type FormDraft, MAX_LENGTH, type NumberKey } from './draft';
import { errorText } from './error-text';

type SpamSettingsProps = {
  draft: FormDraft;
  errors: DraftErrors;
  onChange: (change: Partial<FormDraft>, ...clears: string[]) => void;
};

/** Turnstile, behavioural signals, the minimum time to submit and the rate limits. */
export function SpamSettings({ draft, errors, onChange }: SpamSettingsProps) {
  const number = (key: NumberKey, label: string, hint?: string) => (
    <Input
      errorKey={key}
      label={label}
      hint={hint}
      error={errorText(key, errors[key])}
      value={draft[key]}
      onValue={(value) =>
        onChange({ [key]: value }, key, key === 'rateLimitPerForm' ? 'rateLimitPerIp' : key)
      }
      type="number"
      inputMode="numeric"
      min={FORM_LIMITS[key].min}
      max={FORM_LIMITS[key].max}
      step={1}
      class="input--number"
    />
  );
  return (
    <fieldset class="section">
      <legend>{t('forms.section.spam')}</legend>
      <Check
        errorKey="turnstileEnabled"
        label={t('forms.turnstile')}
        hint={t('forms.turnstile.hint')}
        checked={draft.turnstileEnabled}
        onCheck={(turnstileEnabled) => onChange({ turnstileEnabled }, 'turnstileSiteKey')}
      />
      {draft.turnstileEnabled && (
        <Input
          errorKey="turnstileSiteKey"
          label={t('forms.turnstileSiteKey')}
          error={errorText('turnstileSiteKey', errors.turnstileSiteKey)}
          value={draft.turnstileSiteKey}
          onValue={(turnstileSiteKey) => onChange({ turnstileSiteKey }, 'turnstileSiteKey')}
          spellcheck={false}
          autocomplete="off"
          maxLength={MAX_LENGTH.turnstileSiteKey}
        />
      )}
      <Check
        errorKey="signalsEnabled"
        label={t('forms.signals')}
        checked={draft.signalsEnabled}
        onCheck={(signalsEnabled) => onChange({ signalsEnabled })}
      />
      {number('minSubmitSeconds', t('forms.minSubmitSeconds'), t('forms.minSubmitSeconds.hint'))}
      {number('rateLimitPerIp', t('forms.rateLimitPerIp'))}
      {number('rateLimitPerForm', t('forms.rateLimitPerForm'))}
    </fieldset>
  );
}
