import { chooseLocale, LOCALES, locale, localeName, t } from '../i18n';
import { isLocale, type Locale } from '../i18n/locale';

/** A labelled `<select>` listing each language in its own name; the choice is remembered. */
export function LanguageSwitcher({ storage }: { storage: Storage | null }) {
  return (
    <div class="language">
      <label for="language-switcher">{t('shell.language')}</label>
      <select
        id="language-switcher"
        value={locale.value}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (isLocale(next)) void chooseLocale(next, storage);
        }}
      >
        <LocaleOptions locales={LOCALES} />
      </select>
    </div>
  );
}

/** One `<option>` per language, each named in its own language. */
export function LocaleOptions({ locales }: { locales: readonly Locale[] }) {
  return (
    <>
      {locales.map((code) => (
        <option key={code} value={code} lang={code}>
          {localeName(code)}
        </option>
      ))}
    </>
  );
}
