import { computed, effect, signal } from '@preact/signals';
import { type Catalog, en, type MessageKey } from './en';
import { DEFAULT_LOCALE, LOCALE_NAMES, LOCALE_STORAGE_KEY, type Locale, pickLocale } from './locale';
import { formatMessage, type MessageValues } from './message';

export type { MessageKey } from './en';
export { LOCALES, type Locale } from './locale';

/**
 * English ships in the main bundle (every message falls back to it); each other catalog is its own chunk,
 * fetched when its locale is first chosen: a user reads one language, and the four made up most of the
 * dashboard's initial JS.
 */
const loaders: Record<Locale, () => Promise<Catalog>> = {
  en: async () => en,
  de: async () => (await import('./de')).de,
  cs: async () => (await import('./cs')).cs,
  uk: async () => (await import('./uk')).uk,
};

/** The catalogs loaded so far; a signal, so text rendered from one re-renders when it arrives. */
const catalogs = signal<Partial<Record<Locale, Catalog>>>({ en }, { name: 'i18n.catalogs' });

/** Loads these locales' catalogs (those not loaded yet). Rejects when one cannot be fetched. */
export async function loadCatalogs(codes: readonly Locale[]): Promise<void> {
  const missing = codes.filter((code) => !catalogs.value[code]);
  if (!missing.length) return;
  const loaded = await Promise.all(missing.map(async (code) => [code, await loaders[code]()] as const));
  catalogs.value = { ...catalogs.value, ...Object.fromEntries(loaded) };
}

/** The current UI locale. Components that call `t()` while rendering re-render when it changes. */
export const locale = signal<Locale>(DEFAULT_LOCALE, { name: 'i18n.locale' });

/**
 * The parameters of a message, as a union of names: `{name}` placeholders and `{count, plural, …}`
 * arguments (see message.ts). Branch texts are not names: English ones always hold a space or `#`.
 */
type Placeholders<S extends string> = S extends `${string}{${infer After}`
  ? ParamName<After> | Placeholders<After>
  : never;
type ParamName<S extends string> = S extends `${infer Head}}${string}`
  ? Word<Head extends `${infer Name},${string}` ? Name : Head>
  : never;
type Word<S extends string> = S extends '' | `${string}${' ' | '#' | '{' | ','}${string}` ? never : S;

/**
 * `t()` takes a params object exactly when the English message has placeholders. Distributes over
 * unions, so a key chosen at run time (e.g. from a table) may omit params its messages do not need.
 */
type Params<K extends MessageKey> = K extends MessageKey
  ? [Placeholders<(typeof en)[K]>] extends [never]
    ? []
    : [params: Record<Placeholders<(typeof en)[K]>, string | number>]
  : never;

/**
 * The IANA time zone dates and times are shown in: the signed-in person's effective one (their own, else
 * their organization's), undefined for the browser's own until someone is signed in.
 */
export const timeZone = signal<string | undefined>(undefined, { name: 'i18n.timeZone' });

const numberFormat = computed(() => new Intl.NumberFormat(locale.value), { name: 'i18n.numberFormat' });
const dateFormat = computed(
  () => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeZone: timeZone.value }),
  { name: 'i18n.dateFormat' },
);
const timeFormat = computed(
  () => new Intl.DateTimeFormat(locale.value, { timeStyle: 'short', timeZone: timeZone.value }),
  { name: 'i18n.timeFormat' },
);
const dateTimeFormat = computed(
  () =>
    new Intl.DateTimeFormat(locale.value, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: timeZone.value,
    }),
  { name: 'i18n.dateTimeFormat' },
);
/** A calendar date without a time (`2026-03-02`) is a day, in no zone: shown as that day everywhere. */
const calendarDateFormat = computed(
  () => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeZone: 'UTC' }),
  { name: 'i18n.calendarDateFormat' },
);
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Translates `key` into the current locale; numbers in `params` are formatted for that locale, and counts
 * choose the plural form by its `Intl.PluralRules`.
 */
export function t<K extends MessageKey>(key: K, ...[params]: Params<K>): string {
  return translateWith(key, params ?? {});
}

/**
 * `t()` for a key chosen at run time from a table (e.g. by a notification's type), whose params the type
 * system cannot pair with it; the catalog test checks each table's keys and placeholders instead.
 */
export function translateWith(key: MessageKey, params: MessageValues): string {
  const template: string = catalogs.value[locale.value]?.[key] ?? en[key];
  const format = numberFormat.value;
  return formatMessage(template, params, locale.value, (n) => format.format(n));
}

/**
 * A message in a given locale rather than the UI's, for text written for someone else (e.g. the labels of
 * an HTML snippet in a form's own default language). No placeholders. The pages that call it load every
 * catalog first (see app.tsx); an unloaded one falls back to English.
 */
export function translate(code: Locale, key: MessageKey): string {
  return catalogs.value[code]?.[key] ?? en[key];
}

/** The name of a locale in its own language (for the language switcher); needs no catalog. */
export function localeName(code: Locale): string {
  return LOCALE_NAMES[code];
}

/**
 * Formats an ISO 8601 timestamp as a date in the current locale and time zone (a bare calendar date as
 * that day); returns the input if unparseable.
 */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (CALENDAR_DATE.test(iso) ? calendarDateFormat : dateFormat).value.format(date);
}

/** Formats an ISO 8601 timestamp as a date and time in the current locale and time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.value.format(date);
}

/** Formats an ISO 8601 timestamp as a time of day in the current locale and time zone. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.value.format(date);
}

/** Storage is optional: it is missing or throws in some privacy modes, and we must still render. */
type LocaleStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

/**
 * Sets the initial locale from the saved choice, else the browser's preferred languages, else English,
 * once its catalog is loaded (English if it cannot be fetched). The app renders after this resolves, so
 * nobody sees the page in English first.
 */
export async function initLocale(storage: LocaleStorage, preferred: readonly string[]): Promise<void> {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    // Unreadable storage behaves like no saved choice.
  }
  const picked = pickLocale(saved, preferred);
  const ok = await loadCatalogs([picked]).then(
    () => true,
    () => false,
  );
  locale.value = ok ? picked : DEFAULT_LOCALE;
}

/**
 * Switches the locale once its catalog is loaded, and remembers the user's explicit choice. Resolves to
 * whether it switched (a catalog that cannot be fetched leaves the current language).
 */
export async function chooseLocale(next: Locale, storage: LocaleStorage): Promise<boolean> {
  try {
    await loadCatalogs([next]);
  } catch {
    return false;
  }
  locale.value = next;
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, next);
  } catch {
    // Not persisting the choice is acceptable; the switch itself still applies.
  }
  return true;
}

/** Keeps `<html lang>` in step with the locale so assistive tech pronounces text correctly. */
export function syncDocumentLanguage(root: HTMLElement): () => void {
  return effect(() => {
    root.lang = locale.value;
  });
}
