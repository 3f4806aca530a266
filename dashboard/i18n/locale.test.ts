import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale';

describe('pickLocale', () => {
  it.each([
    ['saved choice wins', 'cs', ['de-DE', 'en'], 'cs'],
    ['unsupported saved choice is ignored', 'fr', ['de-AT'], 'de'],
    ['region subtag is dropped', null, ['uk-UA', 'en'], 'uk'],
    ['case does not matter', null, ['CS-cz'], 'cs'],
    ['first supported preference wins', null, ['fr-FR', 'pl', 'de', 'en'], 'de'],
    ['nothing supported falls back to en', null, ['fr', 'ja'], 'en'],
    ['no preferences falls back to en', undefined, [], 'en'],
  ] as const)('%s', (_name, saved, preferred, expected) => {
    expect(pickLocale(saved, preferred)).toBe(expected);
  });
});
