import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en';

const dashboard = fileURLToPath(new URL('..', import.meta.url));

/** The dashboard's own source files, tests and catalogs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const CALL = String.raw`\b(?:t|translateWith)\(\s*|\btranslate\([^,()]+,\s*`;
/** Keys written out: t('a.b'), translate(code, 'a.b'), translateWith('a.b', …). */
const LITERAL = new RegExp(`(?:${CALL})(['"])([^'"\`]+)\\1`, 'g');
/** Keys built from a prefix: t(`a.b.${x}`); at least one key must start with the prefix. */
const TEMPLATE = new RegExp(`(?:${CALL})\`([^\`$]*)\\$\\{`, 'g');

const files = sources(dashboard).map(
  (path) => [relative(dashboard, path), readFileSync(path, 'utf8')] as const,
);
const keys = new Set(Object.keys(en));

describe('the keys the dashboard uses', () => {
  it('finds the calls it checks', () => {
    const count = files.reduce((n, [, text]) => n + [...text.matchAll(LITERAL)].length, 0);
    expect(count).toBeGreaterThan(300);
  });

  it('are all in the catalog', () => {
    const missing = files.flatMap(([path, text]) =>
      [...text.matchAll(LITERAL)]
        .map((m) => m[2]!)
        .filter((key) => !keys.has(key))
        .map((key) => `${path}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('built from a prefix, have keys with that prefix', () => {
    const missing = files.flatMap(([path, text]) =>
      [...text.matchAll(TEMPLATE)]
        .map((m) => m[1]!)
        .filter((prefix) => ![...keys].some((key) => key.startsWith(prefix)))
        .map((prefix) => `${path}: ${prefix}…`),
    );
    expect(missing).toEqual([]);
  });
});
