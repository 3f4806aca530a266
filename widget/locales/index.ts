import cs from './cs';
import de from './de';
import en, { type Catalog } from './en';
import uk from './uk';

/** Every locale the widget speaks; a form's labels and texts are keyed by these too. */
export const CATALOGS: Record<Locale, Catalog> = { en, de, cs, uk };
export type Locale = 'en' | 'de' | 'cs' | 'uk';
export type { Catalog, MessageKey } from './en';

/**
 * The first supported locale among language tags in order of preference (the element's `lang`, the page's
 * `<html lang>`, the browser's languages, the form's default); English when none is supported.
 */
export function pickLocale(tags: ReadonlyArray<string | null | undefined>): Locale {
  for (const tag of tags) {
    const primary = tag?.split(/[-_]/)[0]!.toLowerCase();
    if (primary && Object.keys(CATALOGS).includes(primary)) return primary as Locale;
  }
  return 'en';
}

/** A text the form defines per locale: the visitor's, else the form's default, else English, else any. */
export function pickText(
  texts: Record<string, string> | null | undefined,
  locale: string,
  fallback: string,
): string | undefined {
  return texts ? (texts[locale] ?? texts[fallback] ?? texts.en ?? Object.values(texts)[0]) : undefined;
}
