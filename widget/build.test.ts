import { describe, expect, it } from 'vitest';
import { buildWidget, GZIP_BUDGET } from './build.mjs';

describe('widget build', () => {
  it(`stays within ${GZIP_BUDGET} bytes gzip, Lit included`, async () => {
    const manifest = await buildWidget({ write: false });
    expect(manifest.gzip).toBeLessThanOrEqual(GZIP_BUDGET);
    expect(manifest.brotli).toBeLessThan(manifest.gzip);
    expect(manifest.file).toBe(`widget.${manifest.hash}.js`);
    expect(manifest.sri).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  }, 30_000);
});
