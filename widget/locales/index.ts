import cs from './cs';
import de from './de';
import en from './en';
import type { Catalog } from './keys';
import uk from './uk';

export { type Catalog, LABELED_FIELDS, Str } from './keys';

/** Every locale the widget speaks; a form's labels and texts are keyed by these too. */
export const CATALOGS: Record<Locale, Catalog> = { en, de, cs, uk };
/** The locales above; `pickLocale` matches the same list. */
export type Locale = 'en' | 'de' | 'cs' | 'uk';

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
