import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, loadCatalogs, locale } from '../../i18n';
import { importProblemMessage } from './problem';

describe('an import problem in words', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  const problem = (code: string, line: number) => ({
    code: 'validation-failed',
    errors: [{ code, params: { line, maximum: 65_536 } }],
  });

  it.each(['unterminated-quote', 'cell-too-large', 'row-too-large'])(
    '%s names the line in every language',
    (code) => {
      for (const lang of LOCALES) {
        locale.value = lang;
        const text = importProblemMessage(problem(code, 12_345));
        expect(text, lang).toMatch(/12[\s.,\u00a0\u202f]?345/);
        expect(text, lang).not.toContain('{line}');
      }
    },
  );

  it('words the file codes without parameters as before', () => {
    expect(importProblemMessage({ code: 'validation-failed', errors: [{ code: 'header-only' }] })).toBe(
      'The file has a header but no rows.',
    );
  });
});
