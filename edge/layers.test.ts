import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every TypeScript file under `dir` (relative to the repository root), tests included. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}

/** The modules a file imports or re-exports, resolved to paths from the repository root when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => (s.startsWith('.') ? relative(root, resolve(root, dirname(file), s)) : s));
}

describe('layers', () => {
  it.each(['edge/core', 'edge/contract', 'edge/services', 'edge/jobs', 'db'])(
    '%s knows nothing of HTTP (no import from edge/http)',
    (dir) => {
      const offenders = sources(dir).flatMap((file) =>
        importsOf(file)
          .filter((target) => target === 'edge/http' || target.startsWith('edge/http/'))
          .map((target) => `${file} → ${target}`),
      );
      expect(offenders).toEqual([]);
    },
  );

  it('edge/core imports no framework (hono, drizzle, lit, preact)', () => {
    const offenders = sources('edge/core').flatMap((file) =>
      importsOf(file)
        .filter((target) => /^(hono|@hono\/|drizzle-orm|lit|preact|@preact\/)/.test(target))
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
