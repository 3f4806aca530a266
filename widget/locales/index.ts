import en from './en';
import type { Catalog } from './keys';

export { type Catalog, LABELED_FIELDS, Str } from './keys';

/** The locales the widget speaks; a form's labels and texts are keyed by these too. */
export type Locale = 'en' | 'de' | 'cs' | 'uk';

/** The other catalogs' content-hashed file names, set by the build (widget/build.mjs). */
declare const LOCALE_CHUNKS: Record<Exclude<Locale, 'en'>, string>;

/**
 * The catalogs at hand: English is built in; de, cs and uk are separate files (`widget-de.<hash>.js`, …)
 * imported when a form first speaks them. Together they cost ~1.1 KB gzip of widget.js's 10 KB budget.
 */
export const CATALOGS: Partial<Record<Locale, Catalog>> = { en };
const loading: Partial<Record<Locale, Promise<unknown>>> = {};

/**
 * The catalog of `locale` if at hand; else starts importing it from `base` (where widget.js came from) and
 * calls `ready` once it is there. A catalog that cannot be loaded falls back to English.
 */
export function catalog(locale: Locale, base: string, ready: () => void): Catalog | undefined {
  if (!CATALOGS[locale]) {
    loading[locale] ??= import(`${base}/${LOCALE_CHUNKS[locale as 'de']}`).then(
      (m: { default: Catalog }) => {
        CATALOGS[locale] = m.default;
      },
      () => {
        CATALOGS[locale] = en;
      },
    );
    loading[locale].then(ready);
  }
  return CATALOGS[locale];
}

/**
 * The first supported locale among language tags in order of preference (the element's `lang`, the page's
 * `<html lang>`, the browser's languages, the form's default); English when none is supported.
 */
export function pickLocale(tags: ReadonlyArray<string | null | undefined>): Locale {
  for (const tag of tags) {
    const primary = tag?.split(/[-_]/)[0]?.toLowerCase() ?? '';
    if (/^(en|de|cs|uk)$/.test(primary)) return primary as Locale;
  }
  return 'en';
}

/** A text the form defines per locale: the visitor's, else the form's default, else English. */
export function pickText(
  texts: Record<string, string> | null | undefined,
  locale: string,
  fallback: string,
): string | undefined {
  return texts ? (texts[locale] ?? texts[fallback] ?? texts.en) : undefined;
}
