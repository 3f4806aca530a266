import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The README's Workers recipe creates what wrangler.toml binds and `wrangler deploy` cannot create itself
 * (queues and the R2 bucket: a deploy naming a missing one fails).
 */
describe("the README's Workers recipe", () => {
  const readme = readFileSync('README.md', 'utf8');
  const toml = readFileSync('wrangler.toml', 'utf8');
  const named = (pattern: RegExp) => [...new Set([...toml.matchAll(pattern)].map((m) => m[1]!))];

  it('creates every queue wrangler.toml names, dead-letter queues included', () => {
    const queues = named(/^\s*(?:queue|dead_letter_queue)\s*=\s*"([^"]+)"/gm);
    expect(queues.length).toBeGreaterThan(0);
    for (const q of queues) expect(readme, q).toContain(`npx wrangler queues create ${q}\n`);
  });

  it('creates every R2 bucket wrangler.toml names', () => {
    const buckets = named(/^\s*bucket_name\s*=\s*"([^"]+)"/gm);
    expect(buckets.length).toBeGreaterThan(0);
    for (const b of buckets) expect(readme, b).toContain(`npx wrangler r2 bucket create ${b}\n`);
  });
});
