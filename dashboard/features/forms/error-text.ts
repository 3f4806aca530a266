import { FORM_LIMITS } from '@core/form-settings';
import { type MessageKey, t } from '../../i18n';
import { type DraftErrorKind, NUMBER_KEYS, type NumberKey } from './draft';

const MESSAGES: Record<Exclude<DraftErrorKind, 'range' | 'too-many'>, MessageKey> = {
  required: 'forms.error.required',
  'too-long': 'form.error.tooLong',
  'invalid-origin': 'forms.error.invalidOrigin',
  'duplicate-origin': 'forms.error.duplicateOrigin',
  'invalid-redirect': 'forms.error.invalidRedirect',
  'site-key-required': 'forms.error.siteKeyRequired',
  'site-key-format': 'forms.error.siteKeyFormat',
  'last-name-required': 'forms.error.lastNameRequired',
  'duplicate-field': 'forms.error.duplicateField',
  'rate-limit-order': 'forms.error.rateLimitOrder',
  invalid: 'form.error.invalid',
};

const isNumberKey = (key: string): key is NumberKey => (NUMBER_KEYS as readonly string[]).includes(key);

/** The message for an input's error, in the UI language; null when it has none. */
export function errorText(key: string, kind: DraftErrorKind | undefined): string | null {
  if (!kind) return null;
  if (kind === 'too-many') return t('forms.error.tooManyOrigins', { max: FORM_LIMITS.allowedOrigins });
  if (kind === 'range')
    return isNumberKey(key) ? t('forms.error.range', FORM_LIMITS[key]) : t('form.error.invalid');
  return t(MESSAGES[kind]);
}
