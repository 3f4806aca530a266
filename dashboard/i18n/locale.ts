/** The locales the dashboard ships, in the order the language switcher lists them. */
export const LOCALES = ['en', 'de', 'cs', 'uk'] as const;

/** A supported locale code (BCP 47 primary language subtag). */
export type Locale = (typeof LOCALES)[number];

/** Each locale's name in its own language (the language switcher lists them before any catalog loads). */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  de: 'Deutsch',
  cs: 'Čeština',
  uk: 'Українська',
};

/** The locale used when nothing else matches, and the source of every catalog. */
export const DEFAULT_LOCALE: Locale = 'en';

/** localStorage key holding the user's explicit choice from the language switcher. */
export const LOCALE_STORAGE_KEY = 'leadgate.locale';

/** Narrows an arbitrary string to a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Chooses the initial locale: the saved choice if it is supported, else the first of the browser's
 * preferred languages we support (matching `de-AT` to `de`), else English.
 */
export function pickLocale(saved: string | null | undefined, preferred: readonly string[] = []): Locale {
  if (isLocale(saved)) return saved;
  for (const tag of preferred) {
    const language = tag.toLowerCase().split('-')[0];
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}
