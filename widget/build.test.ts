import { describe, expect, it } from 'vitest';
import { buildWidget, GZIP_BUDGET } from './build.mjs';

describe('widget build', () => {
  it(`stays within ${GZIP_BUDGET} bytes gzip, Lit included`, async () => {
    const manifest = await buildWidget({ write: false });
    expect(manifest.gzip).toBeLessThanOrEqual(GZIP_BUDGET);
    expect(manifest.brotli).toBeLessThan(manifest.gzip);
    expect(manifest.file).toBe(`widget.${manifest.hash}.js`);
    expect(manifest.sri).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    // Turnstile's glue and the other catalogs are separate, content-hashed files, imported on demand.
    for (const [name, chunk] of Object.entries(manifest.chunks)) {
      expect(chunk.file).toMatch(new RegExp(`^widget-${name}\\.[0-9a-f]{12}\\.js$`));
      expect(chunk.gzip).toBeLessThan(1024);
    }
  }, 30_000);

  it('bundles the form contract as a type only: no zod and no server code in widget.js', async () => {
    const { inputs } = await buildWidget({ write: false });
    expect(inputs.some((f) => f.includes('widget/lead-form.element.ts'))).toBe(true);
    expect(inputs.filter((f) => /(^|\/)(zod|@hono|edge)\//.test(f))).toEqual([]);
  }, 30_000);
});
