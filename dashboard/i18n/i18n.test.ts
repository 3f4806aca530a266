import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cs } from './cs';
import { de } from './de';
import { en } from './en';
import { chooseLocale, initLocale, LOCALES, loadCatalogs, locale, localeName, t, translate } from './index';
import { LOCALE_NAMES } from './locale';
import { uk } from './uk';

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const englishKeys = Object.keys(en).sort();

const translations = [
  ['de', de],
  ['cs', cs],
  ['uk', uk],
] as const;

describe('catalogs', () => {
  it.each(translations)('%s has exactly the keys of en', (_code, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual(englishKeys);
  });

  it.each([['en', en] as const, ...translations])('%s has no empty messages', (_code, catalog) => {
    const empty = Object.entries(catalog).filter(([, message]) => message.trim() === '');
    expect(empty).toEqual([]);
  });

  const placeholderCases = translations.flatMap(([code, catalog]) =>
    Object.entries(en)
      .filter(([, message]) => placeholders(message).length > 0)
      .map(([key, message]) => [code, key, message, catalog[key as keyof typeof en]] as const),
  );

  it.each(placeholderCases)('%s keeps the placeholders of %s', (_code, _key, english, translated) => {
    expect(placeholders(translated)).toEqual(placeholders(english));
  });

  it.each([
    ['en', 'English'],
    ['de', 'Deutsch'],
    ['cs', 'Čeština'],
    ['uk', 'Українська'],
  ] as const)('%s names itself %s', (code, name) => {
    expect(localeName(code)).toBe(name);
  });
});

describe('t', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  it.each([
    ['en', 'Sign in to Leadgate'],
    ['de', 'Bei Leadgate anmelden'],
    ['cs', 'Přihlaste se do Leadgate'],
    ['uk', 'Вхід до Leadgate'],
  ] as const)('translates into %s', (code, expected) => {
    locale.value = code;
    expect(t('login.title')).toBe(expected);
  });

  it.each([
    ['en', 1234, 'Leads shown: 1,234'],
    ['de', 1234, 'Angezeigte Leads: 1.234'],
    ['en', 7, 'Leads shown: 7'],
  ] as const)('fills placeholders and formats numbers for %s (%d)', (code, count, expected) => {
    locale.value = code;
    expect(t('leads.shown', { count })).toBe(expected);
  });
});

describe('catalogs loaded on demand', () => {
  afterEach(() => {
    locale.value = 'en';
  });

  it('names every locale without loading its catalog, as the catalog itself does', () => {
    for (const [code, catalog] of [['en', en] as const, ...translations])
      expect(LOCALE_NAMES[code]).toBe(catalog['locale.name']);
  });

  it('starts in the saved or preferred language once its catalog is in, and switches on choice', async () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    };
    await initLocale(storage, ['uk-UA', 'de']);
    expect([locale.value, t('login.title')]).toEqual(['uk', 'Вхід до Leadgate']);
    expect(await chooseLocale('cs', storage)).toBe(true);
    expect([locale.value, t('login.title'), saved.get('leadgate.locale')]).toEqual([
      'cs',
      'Přihlaste se do Leadgate',
      'cs',
    ]);
    await initLocale(storage, ['de']);
    expect(locale.value).toBe('cs');
    expect(translate('de', 'login.title')).toBe('Bei Leadgate anmelden');
  });
});
