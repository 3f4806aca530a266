import { describe, expect, it } from 'vitest';
import { browserCountry, countryChoices } from './places';

describe('places for the setup and organization forms', () => {
  it.each([
    [['cs-CZ', 'en'], 'CZ'],
    [['de'], 'DE'],
    [['uk'], 'UA'],
    [['en'], 'US'],
    [['not a tag!', 'en-GB'], 'GB'],
    [[], 'US'],
  ])('the browser languages %j suggest %s', (languages, country) => {
    expect(browserCountry(languages)).toBe(country);
  });

  it('lists countries by their name in the language, without unions and unknown regions', () => {
    const en = countryChoices('en');
    expect(en).toContainEqual({ code: 'CZ', name: 'Czechia' });
    expect(en.map((c) => c.code)).not.toContain('EU');
    expect(en.map((c) => c.code)).not.toContain('ZZ');
    expect(countryChoices('de')).toContainEqual({ code: 'DE', name: 'Deutschland' });
    const names = en.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
  });
});
