import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cs } from './cs';
import { de } from './de';
import { en } from './en';
import { chooseLocale, initLocale, LOCALES, loadCatalogs, locale, localeName, t, translate } from './index';
import { LOCALE_NAMES } from './locale';
import { messageParams, parseMessage, pluralBranches } from './message';
import { uk } from './uk';

const placeholders = messageParams;
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

  it.each([['en', en] as const, ...translations])('%s messages all parse', (_code, catalog) => {
    const broken = Object.entries(catalog).filter(([, message]) => {
      try {
        parseMessage(message);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toEqual([]);
  });

  it.each([['en', en] as const, ...translations])(
    '%s plurals have a form for every whole number',
    (code, catalog) => {
      const rules = new Intl.PluralRules(code);
      const needed = [...new Set(Array.from({ length: 200 }, (_, n) => rules.select(n)))];
      const lacking = Object.entries(catalog).flatMap(([key, message]) =>
        pluralBranches(message).flatMap((branches) =>
          needed.filter((category) => !branches.includes(category)).map((category) => `${key}: ${category}`),
        ),
      );
      expect(lacking).toEqual([]);
    },
  );

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

describe('names inside sentences', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  // A name pasted into a sentence keeps its nominative case ("Stáhnout Trychtýř", "Перемістити в Втрачений"):
  // each name gets a sentence of its own.
  it.each([
    ['cs', 'reports.download.funnel', 'Stáhnout trychtýř jako CSV'],
    ['uk', 'reports.download.funnel', 'Завантажити воронку як CSV'],
    ['de', 'reports.download.reps', 'Leistung je Mitarbeiter als CSV herunterladen'],
    ['uk', 'lead.moveTo.LOST', 'Перевести в статус «Втрачений»'],
    ['cs', 'lead.moveTo.LOST', 'Označit jako ztracený'],
    ['de', 'lead.moveTo.QUALIFIED', 'Als qualifiziert markieren'],
  ] as const)('%s: %s', (code, key, expected) => {
    locale.value = code;
    expect(t(key)).toBe(expected);
  });
});

describe('counts', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  it.each([
    ['en', ['In this stage for 1 day', 'In this stage for 2 days', 'In this stage for 5 days']],
    ['de', ['Seit 1 Tag in dieser Phase', 'Seit 2 Tagen in dieser Phase', 'Seit 5 Tagen in dieser Phase']],
    ['cs', ['V této fázi 1 den', 'V této fázi 2 dny', 'V této fázi 5 dní']],
    ['uk', ['На цьому етапі 1 день', 'На цьому етапі 2 дні', 'На цьому етапі 5 днів']],
  ] as const)('%s says 1, 2 and 5 days by its plural rules', (code, expected) => {
    locale.value = code;
    expect([1, 2, 5].map((days) => t('lead.stage.since', { days }))).toEqual(expected);
  });

  it.each([
    ['cs', ['1 řádek má', '2 řádky mají', '5 řádků má', '21 řádků má']],
    ['uk', ['1 рядок має', '2 рядки мають', '5 рядків мають', '21 рядок має']],
  ] as const)('%s agrees the verb with the count', (code, expected) => {
    locale.value = code;
    expect(
      [1, 2, 5, 21].map((count) => t('import.ragged', { count }).split(' ').slice(0, 3).join(' ')),
    ).toEqual(expected);
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
