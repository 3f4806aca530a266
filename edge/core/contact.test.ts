import { describe, expect, it } from 'vitest';
import { normalizeCountry, normalizeEmail, normalizePhone } from './contact';

describe('normalizeEmail', () => {
  it.each([
    ['Jana.Novakova@Example.CZ', 'jana.novakova@example.cz'],
    ['  user+tag@sub.example.com ', 'user+tag@sub.example.com'],
    ['info@müller.de', 'info@xn--mller-kva.de'],
    ['petro@приклад.укр', 'petro@xn--80aikifvh.xn--j1amh'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email: expected });
  });

  it.each([
    'not-an-email',
    '@example.com',
    'a@',
    'a b@example.com',
    'a@example',
    'a@@example.com',
    `${'x'.repeat(320)}@e.com`,
  ])('rejects %s', (input) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, reason: 'invalid_format' });
  });
});

describe('normalizePhone', () => {
  it.each([
    ['601 123 456', 'CZ', 'US', '+420601123456'],
    ['601 123 456', null, 'CZ', '+420601123456'],
    ['+49 30 123456', 'CZ', 'CZ', '+4930123456'],
    ['(415) 555-2671', 'US', 'CZ', '+14155552671'],
    ['+380 44 123 4567', null, 'US', '+380441234567'],
    ['00420 601 123 456', 'CZ', 'CZ', '+420601123456'],
  ])('%s (country %s, default %s) → %s', (raw, country, fallback, expected) => {
    expect(normalizePhone(raw, country, fallback)).toMatchObject({ valid: true, phone: expected });
  });

  it.each(['12', 'call me maybe', '+999 123'])('keeps %s as entered and flags it', (raw) => {
    expect(normalizePhone(`  ${raw} `, 'CZ', 'CZ')).toEqual({ valid: false, phone: raw });
  });
});

describe('normalizeCountry', () => {
  it.each([
    ['cz', 'CZ'],
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['Česká republika', 'CZ'],
    ['Україна', 'UA'],
    ['Atlantis', 'Atlantis'],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCountry(input)).toBe(expected);
  });
});
