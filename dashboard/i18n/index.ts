import { computed, effect, signal } from '@preact/signals';
import { cs } from './cs';
import { de } from './de';
import { type Catalog, en, type MessageKey } from './en';
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, type Locale, pickLocale } from './locale';
import { uk } from './uk';

export type { MessageKey } from './en';
export { LOCALES, type Locale } from './locale';

const catalogs: Record<Locale, Catalog> = { en, de, cs, uk };

/** The current UI locale. Components that call `t()` while rendering re-render when it changes. */
export const locale = signal<Locale>(DEFAULT_LOCALE, { name: 'i18n.locale' });

/** The `{name}` placeholders of a message, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/**
 * `t()` takes a params object exactly when the English message has placeholders. Distributes over
 * unions, so a key chosen at run time (e.g. from a table) may omit params its messages do not need.
 */
type Params<K extends MessageKey> = K extends MessageKey
  ? [Placeholders<(typeof en)[K]>] extends [never]
    ? []
    : [params: Record<Placeholders<(typeof en)[K]>, string | number>]
  : never;

const numberFormat = computed(() => new Intl.NumberFormat(locale.value), { name: 'i18n.numberFormat' });
const dateFormat = computed(() => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }), {
  name: 'i18n.dateFormat',
});

/** Translates `key` into the current locale; numbers in `params` are formatted for that locale. */
export function t<K extends MessageKey>(key: K, ...[params]: Params<K>): string {
  const template: string = catalogs[locale.value][key] ?? en[key];
  if (!params) return template;
  const values: Record<string, string | number> = params;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? numberFormat.value.format(value) : value;
  });
}

/**
 * A message in a given locale rather than the UI's, for text written for someone else (e.g. the labels of
 * an HTML snippet in a form's own default language). No placeholders.
 */
export function translate(code: Locale, key: MessageKey): string {
  return catalogs[code][key] ?? en[key];
}

/** The name of a locale in its own language (for the language switcher). */
export function localeName(code: Locale): string {
  return catalogs[code]['locale.name'];
}

/** Formats an ISO 8601 timestamp as a date in the current locale; returns the input if unparseable. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.value.format(date);
}

/** Storage is optional: it is missing or throws in some privacy modes, and we must still render. */
type LocaleStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

/** Sets the initial locale from the saved choice, else the browser's preferred languages, else English. */
export function initLocale(storage: LocaleStorage, preferred: readonly string[]): void {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    // Unreadable storage behaves like no saved choice.
  }
  locale.value = pickLocale(saved, preferred);
}

/** Switches the locale and remembers the user's explicit choice. */
export function chooseLocale(next: Locale, storage: LocaleStorage): void {
  locale.value = next;
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, next);
  } catch {
    // Not persisting the choice is acceptable; the switch itself still applies.
  }
}

/** Keeps `<html lang>` in step with the locale so assistive tech pronounces text correctly. */
export function syncDocumentLanguage(root: HTMLElement): () => void {
  return effect(() => {
    root.lang = locale.value;
  });
}
