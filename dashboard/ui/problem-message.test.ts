import { FIELD_ERROR_CODES } from '@contract/field-errors';
import { ERROR_CODES } from '@core/errors';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_CODES } from '../api/problem';
import { cs } from '../i18n/cs';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { LOCALES, loadCatalogs, locale } from '../i18n/index';
import { uk } from '../i18n/uk';
import { fieldErrorMessage, fieldMessageKeys, problemMessageKey } from './problem-message';

const catalogs = [
  ['en', en],
  ['de', de],
  ['cs', cs],
  ['uk', uk],
] as const;

/** Codes whose honest message is the generic one. */
const GENERIC = new Set(['internal', CLIENT_CODES.unexpected]);

describe('every problem code of the server has a message in every language', () => {
  const codes = [...Object.keys(ERROR_CODES), ...Object.values(CLIENT_CODES)];
  it.each(codes)('%s', (code) => {
    const key = problemMessageKey({ code });
    if (!GENERIC.has(code)) expect(key).not.toBe('errors.unexpected');
    for (const [, catalog] of catalogs) expect(catalog[key]?.trim()).toBeTruthy();
  });
});

describe('every field-error code has a message in every language', () => {
  it.each(FIELD_ERROR_CODES)('%s', (code) => {
    for (const key of fieldMessageKeys(code))
      for (const [, catalog] of catalogs) expect(catalog[key]?.trim()).toBeTruthy();
  });
});

describe('field errors are worded with their limits', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  const wording = (error: Parameters<typeof fieldErrorMessage>[0]) =>
    LOCALES.map((code) => {
      locale.value = code;
      return fieldErrorMessage(error);
    });

  it.each([
    [
      { code: 'too_big', params: { maximum: 200, origin: 'string' } },
      [
        'Use at most 200 characters.',
        'Geben Sie höchstens 200 Zeichen ein.',
        'Zadejte nejvýše 200 znaků.',
        'Введіть не більше 200 символів.',
      ],
    ],
    [
      { code: 'too_big', params: { maximum: 2, origin: 'string' } },
      [
        'Use at most 2 characters.',
        'Geben Sie höchstens 2 Zeichen ein.',
        'Zadejte nejvýše 2 znaky.',
        'Введіть не більше 2 символів.',
      ],
    ],
    [
      { code: 'too_small', params: { minimum: 1, origin: 'string' } },
      ['Fill this in.', 'Füllen Sie dieses Feld aus.', 'Vyplňte toto pole.', 'Заповніть це поле.'],
    ],
    [
      { code: 'invalid_format', params: { format: 'email' } },
      [
        'Enter an email address like name@example.com',
        de['form.error.emailInvalid'],
        cs['form.error.emailInvalid'],
        uk['form.error.emailInvalid'],
      ],
    ],
    [
      { code: undefined },
      ['Check this field.', 'Prüfen Sie dieses Feld.', 'Zkontrolujte toto pole.', 'Перевірте це поле.'],
    ],
  ] as const)('%j', (error, expected) => {
    expect(wording(error)).toEqual(expected);
  });
});
