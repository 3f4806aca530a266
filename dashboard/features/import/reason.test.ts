import { IMPORT_REASONS } from '@contract/import-reasons';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, loadCatalogs, locale } from '../../i18n';
import { importReasonText } from './reason';

describe('import reasons are worded in every language', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  const texts = (reason: string, matchLine: number | null = 4) =>
    LOCALES.map((code) => {
      locale.value = code;
      return importReasonText({ reason, matchLine });
    });

  it.each(IMPORT_REASONS)('%s', (reason) => {
    const [en, ...others] = texts(reason);
    expect(en).not.toBe(reason);
    for (const text of [en, ...others]) expect(text).not.toMatch(/[{}]|import\.reason/);
    for (const text of others) expect(text).not.toBe(en);
  });

  it('names the line a row duplicates', () => {
    expect(texts('possible-duplicate-in-file')).toEqual([
      'Possible duplicate of line 4.',
      'Mögliches Duplikat von Zeile 4.',
      'Možná duplicita řádku 4.',
      'Можливий дублікат рядка 4.',
    ]);
  });

  it('shows a reason that is not a code as it came', () => {
    expect(texts('Same email as line 2', 2)).toEqual(LOCALES.map(() => 'Same email as line 2'));
  });
});
