import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COUNTRY_CURRENCIES,
  currencyForCountry,
  formatAmountInput,
  isCurrencyCode,
  parseAmount,
} from './money';

describe('currencyForCountry', () => {
  it.each([
    ['CZ', 'CZK'],
    ['DE', 'EUR'],
    ['sk', 'EUR'],
    ['UA', 'UAH'],
    ['US', 'USD'],
    ['GB', 'GBP'],
    ['PL', 'PLN'],
    ['JP', 'JPY'],
    ['XX', 'USD'],
    ['', 'USD'],
    [null, 'USD'],
  ])('%s → %s', (country, currency) => expect(currencyForCountry(country)).toBe(currency));

  it('is the same table as the migration that gave existing organizations their currency', () => {
    const sql = readFileSync(
      new URL('../../db/migrations/0016_organization-currency.sql', import.meta.url),
      'utf8',
    );
    const pairs = [...sql.matchAll(/\('([A-Z]{2})', '([A-Z]{3})'\)/g)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(pairs)).toEqual(COUNTRY_CURRENCIES);
    expect(pairs).toHaveLength(Object.keys(COUNTRY_CURRENCIES).length);
  });
});

describe('isCurrencyCode', () => {
  it.each([
    ['CZK', true],
    ['EUR', true],
    ['czk', false],
    ['EURO', false],
    ['', false],
  ])('%s → %s', (code, ok) => expect(isCurrencyCode(code)).toBe(ok));
});

describe('parseAmount', () => {
  const nbsp = '\u00a0';
  const nnbsp = '\u202f';
  it.each<[string, string, number | null]>([
    // German: "." groups, "," is the decimal separator.
    ['de', '1.234,56', 1234.56],
    ['de', '20.000', 20000],
    ['de', '20.000,5', 20000.5],
    ['de', '1234,56', 1234.56],
    ['de', '1 234,56', 1234.56],
    ['de', '1234.56', 1234.56],
    ['de', '1.23.4', null],
    ['de', '1,234,56', null],
    // Czech and Ukrainian: spaces of any kind group, "," is the decimal separator.
    ['cs', '1 234,56', 1234.56],
    ['cs', `1${nbsp}234,56`, 1234.56],
    ['cs', `1${nnbsp}234${nnbsp}567,8`, 1234567.8],
    ['cs', '12 34,5', null],
    ['uk', `1${nbsp}234,56`, 1234.56],
    ['uk', `1${nnbsp}234,56`, 1234.56],
    ['uk', '0,5', 0.5],
    // English: "," groups, "." is the decimal separator.
    ['en', '1,234.56', 1234.56],
    ['en', '1234.56', 1234.56],
    ['en', '12,500', 12500],
    ['en', '1,5', null],
    ['en', '1.234', null],
    ['en-US', ' 0 ', 0],
    // Never an amount, whatever the locale.
    ['en', '-1', null],
    ['de', '-1,00', null],
    ['en', 'abc', null],
    ['en', '', null],
    ['en', '1.2.3', null],
    ['en', '12$', null],
    ['en', '1000000000000', null],
    ['de', '999.999.999.999,00', 999_999_999_999],
  ])('%s %j → %s', (locale, text, value) => expect(parseAmount(text, locale)).toBe(value));

  it('reads back what it formats, in every dashboard language', () => {
    for (const locale of ['en', 'de', 'cs', 'uk'])
      expect(parseAmount(formatAmountInput(1234567.89, locale), locale)).toBe(1234567.89);
  });
});
