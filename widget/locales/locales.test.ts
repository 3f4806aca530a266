import { describe, expect, it } from 'vitest';
import { LABELED_FIELDS, pickLocale, pickText, Str } from '.';
import cs from './cs';
import de from './de';
import en from './en';
import uk from './uk';

// The build ships en inside widget.js and the others as separate files; all four are checked here.
const CATALOGS = { en, de, cs, uk };

const size = Object.keys(Str).filter((k) => Number.isNaN(Number(k))).length;

describe('catalogs', () => {
  it.each(Object.entries(CATALOGS))('%s has one non-empty string per key', (_, catalog) => {
    expect(catalog).toHaveLength(size);
    for (const s of catalog) expect(s.trim()).not.toBe('');
  });

  it('labels exactly the fields listed, first in every catalog', () => {
    expect(LABELED_FIELDS.map(([name]) => Str[name as keyof typeof Str])).toEqual(
      LABELED_FIELDS.map((_, i) => i),
    );
    expect(Str.required).toBe(LABELED_FIELDS.length);
  });

  it('is translated, not copied', () => {
    for (const locale of ['de', 'cs', 'uk'] as const)
      expect(CATALOGS[locale][Str.send]).not.toBe(CATALOGS.en[Str.send]);
    expect(CATALOGS.en[Str.queued]).toBe('Saved — we’ll send it as soon as you’re back online.');
  });
});

describe('pickLocale', () => {
  it.each([
    [['de', 'en', 'en-US'], 'de'],
    [['', 'cs-CZ', 'en'], 'cs'],
    [[undefined, 'fr', 'uk-UA', 'en'], 'uk'],
    [[null, 'fr', 'fr-FR', 'de'], 'de'],
    [['DE_at'], 'de'],
    [['fr', 'es', undefined], 'en'],
    [['__proto__', 'constructor'], 'en'],
    [[], 'en'],
  ])('%j → %s', (tags, expected) => {
    expect(pickLocale(tags)).toBe(expected);
  });
});

describe('pickText', () => {
  const texts = { en: 'Thanks', de: 'Danke' };
  it.each([
    ['de', 'en', 'Danke'],
    ['cs', 'de', 'Danke'],
    ['cs', 'uk', 'Thanks'],
  ])('%s (form default %s) → %s', (locale, fallback, expected) => {
    expect(pickText(texts, locale, fallback)).toBe(expected);
  });

  it('has nothing for a form without the text', () => {
    expect(pickText(null, 'de', 'en')).toBeUndefined();
    expect(pickText({ cs: 'Děkujeme' }, 'de', 'en')).toBeUndefined();
  });
});
