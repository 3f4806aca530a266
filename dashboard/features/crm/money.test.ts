import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it.each([
    ['de', '20000', 'EUR', '20.000,00 €'],
    ['de', '20000', 'CZK', '20.000,00 CZK'],
    ['cs', '20000', 'CZK', '20 000,00 Kč'],
    ['en', '1234.5', 'USD', '$1,234.50'],
    ['uk', '1234.5', 'UAH', '1 234,50 ₴'],
    ['en', '5', 'ZZZ', 'ZZZ 5.00'],
    ['en', '5', 'euro', '5.00 euro'],
  ])('%s %s %s → %s', (locale, amount, currency, text) => {
    expect(spaces(formatMoney(amount, currency, locale))).toBe(text);
  });
});
