import { FORM_LOCALES, type FormLocale } from '@core/form-settings';
import { localeName } from '../../i18n';
import { Input } from './controls';
import type { DraftErrors, LocaleTexts } from './draft';
import { errorText } from './error-text';

type LocaleTextsProps = {
  /** Error key prefix: `consentText` gives `consentText.en`, `consentText.de`, … */
  errorKey: string;
  /** The label of one locale's input, given the language's own name. */
  label: (language: string) => string;
  texts: LocaleTexts;
  errors: DraftErrors;
  maxLength: number;
  multiline?: boolean;
  onText: (code: FormLocale, text: string) => void;
};

/** One input per locale the form speaks, each named by its language (in that language). */
export function LocaleTextInputs({
  errorKey,
  label,
  texts,
  errors,
  maxLength,
  multiline,
  onText,
}: LocaleTextsProps) {
  return (
    <div class="locale-grid">
      {FORM_LOCALES.map((code) => {
        const key = `${errorKey}.${code}`;
        return (
          <Input
            key={code}
            errorKey={key}
            label={label(localeName(code))}
            error={errorText(key, errors[key])}
            value={texts[code]}
            onValue={(text) => onText(code, text)}
            lang={code}
            dir="auto"
            maxLength={maxLength}
            multiline={multiline}
          />
        );
      })}
    </div>
  );
}
