import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cs } from '../dashboard/i18n/cs';
import { de } from '../dashboard/i18n/de';
import { en } from '../dashboard/i18n/en';
import { uk } from '../dashboard/i18n/uk';
import { dashboardSuite } from './support/dashboard-suite';

/**
 * The pages the defects touched, walked in each of the four languages as an owner: no catalog key shows
 * raw, and in German, Czech and Ukrainian no English sentence of the catalog shows where the language has
 * its own words.
 */
const CATALOGS = { en, de, cs, uk } as const;
type Lang = keyof typeof CATALOGS;
const BROWSER_LOCALE: Record<Lang, string> = { en: 'en-US', de: 'de-DE', cs: 'cs-CZ', uk: 'uk-UA' };

/** A message's top-level pieces: literal text, and `{…}` groups (their braces stripped). */
function pieces(message: string): Array<{ text: string; group: boolean }> {
  const out: Array<{ text: string; group: boolean }> = [{ text: '', group: false }];
  let depth = 0;
  for (const ch of message) {
    if (ch === '{' && depth++ === 0) out.push({ text: '', group: true });
    else if (ch === '}' && --depth === 0) out.push({ text: '', group: false });
    else out[out.length - 1]!.text += ch;
  }
  return out;
}

/** Every sentence a message can show: each plural branch spelled out, other placeholders left as `{}`. */
function variants(message: string): string[] {
  return pieces(message).reduce<string[]>(
    (sentences, piece) => {
      const plural = piece.group ? /^\s*\w+\s*,\s*plural\s*,(.*)$/s.exec(piece.text) : null;
      const options = !piece.group
        ? [piece.text]
        : plural
          ? pieces(plural[1]!)
              .filter((p) => p.group)
              .flatMap((p) => variants(p.text.replaceAll('#', '{}')))
          : ['{}'];
      return sentences.flatMap((s) => options.map((o) => s + o));
    },
    [''],
  );
}

/** A sentence as a pattern over a whole line, placeholders matching any text; null for a lone word. */
function linePattern(sentence: string): RegExp | null {
  const parts = sentence.split('{}');
  if ((parts.join(' ').match(/\p{L}{2,}/gu) ?? []).length < 2) return null; // "CSV", "Leadgate"
  const escaped = parts.map((p) => p.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.+?')}$`, 'u');
}

const ENGLISH = Object.entries(en).flatMap(([key, message]) =>
  variants(message).flatMap((sentence) => {
    const pattern = linePattern(sentence);
    return pattern ? [{ key, pattern }] : [];
  }),
);

/** What the page shows, a line a piece, once its heading is there and its requests have settled. */
async function shown(page: Page): Promise<string[]> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('main .spinner'));
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines are what a reader sees (hidden text left out)
  const text = await page.locator('body').innerText();
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function problems(lang: Lang, lines: string[]): string[] {
  const own = CATALOGS[lang] as Record<string, string>;
  const rawKeys = Object.keys(en).filter((key) => lines.some((l) => l.includes(key)));
  const english =
    lang === 'en'
      ? []
      : lines.flatMap((line) =>
          ENGLISH.filter(
            ({ key, pattern }) => pattern.test(line) && own[key] !== (en as Record<string, string>)[key],
          ).map(({ key }) => `English "${line}" (${key})`),
        );
  return [...rawKeys.map((k) => `raw key ${k}`), ...english];
}

describe('the touched pages in four languages', () => {
  const suite = dashboardSuite();

  it('tells an English sentence, a plural one filled in, and a raw key apart from the language’s own', () => {
    expect(
      problems('de', [en['bulk.selectPage'], 'Merge 3 records', 'merge.title', de['bulk.selectPage']]),
    ).toEqual([
      'raw key merge.title',
      `English "${en['bulk.selectPage']}" (bulk.selectPage)`,
      'English "Merge 3 records" (merge.title)',
    ]);
  });

  it.each(Object.keys(CATALOGS) as Lang[])(
    '%s: no raw key, no English where the language has words',
    async (lang) => {
      const page = await suite.as('owner@leadgate.test', BROWSER_LOCALE[lang]);
      const found: string[] = [];
      const visit = async (where: string, go: () => Promise<unknown>) => {
        await go();
        found.push(...problems(lang, await shown(page)).map((p) => `${where}: ${p}`));
      };
      await visit('leads', async () => {});
      await visit('bulk bar', () =>
        page.locator('main label:has(input.row-check)').first().locator('input').check(),
      );
      await visit('lead page', () => page.locator('tbody a.lead__name').first().click());
      await visit('pipeline', () => page.goto(`${suite.baseUrl}/app/pipeline`));
      await visit('duplicates', async () => {
        await page.goto(`${suite.baseUrl}/app/duplicates`);
        await page.locator('main h1').first().waitFor();
        const scanned = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/duplicates/scan');
        await page.locator('main button:not([disabled])').first().click();
        await scanned;
      });
      await visit('reports', () => page.goto(`${suite.baseUrl}/app/reports`));
      await visit('import', () => page.goto(`${suite.baseUrl}/app/leads/import`));
      await visit('forms', () => page.goto(`${suite.baseUrl}/app/forms`));
      await visit('opportunities', () => page.goto(`${suite.baseUrl}/app/opportunities`));
      await visit('outbox', () => page.goto(`${suite.baseUrl}/app/outbox`));
      expect(found).toEqual([]);
    },
  );
});
