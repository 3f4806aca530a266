// Builds the widget to ONE file: dist/public/widget.js (stable URL), widget.<hash>.js (immutable, for SRI)
// and widget.manifest.json with its sizes. Run `node widget/build.mjs`; tests import buildWidget().
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget: Lit included, gzip -9. */
export const GZIP_BUDGET = 10_240;

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles and minifies the widget; writes the files unless `write` is false; returns the manifest. */
export async function buildWidget({ outdir = join(root, 'dist/public'), write = true } = {}) {
  const result = await build({
    entryPoints: [join(root, 'widget/loader.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    // ASCII output: the file decodes correctly whatever charset a host page or a CDN assumes.
    charset: 'ascii',
    // Lit's licence notices go to widget.js.LEGAL.txt beside the bundle rather than into every page load.
    legalComments: 'external',
    outfile: join(outdir, 'widget.js'),
    // Our own `_private` members get short names (Lit's internals are `_$…` and stay untouched).
    mangleProps: /^_[a-z]/,
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const legal = result.outputFiles.find((f) => f.path.endsWith('.LEGAL.txt'))?.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const manifest = {
    file: `widget.${hash}.js`,
    hash,
    sri: `sha384-${createHash('sha384').update(code).digest('base64')}`,
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  if (write) {
    mkdirSync(outdir, { recursive: true });
    // dist/ is rebuilt, not kept: drop older hashed copies (a deploy keeps published ones elsewhere).
    for (const old of readdirSync(outdir))
      if (/^widget\.[0-9a-f]{12}\.js$/.test(old) && old !== manifest.file) rmSync(join(outdir, old));
    writeFileSync(join(outdir, 'widget.js'), code);
    if (legal) writeFileSync(join(outdir, 'widget.js.LEGAL.txt'), legal);
    writeFileSync(join(outdir, manifest.file), code);
    writeFileSync(join(outdir, 'widget.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Workers static assets read their response headers from _headers (the Node face sets the same ones).
    const cors = '  Access-Control-Allow-Origin: *';
    writeFileSync(
      join(outdir, '_headers'),
      `/widget.js\n${cors}\n  Cache-Control: public, max-age=300\n/${manifest.file}\n${cors}\n  Cache-Control: public, max-age=31536000, immutable\n`,
    );
  }
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await buildWidget();
  console.log(
    `widget.js: ${m.bytes} B, gzip ${m.gzip} B (budget ${GZIP_BUDGET}), brotli ${m.brotli} B → ${m.file}`,
  );
  if (m.gzip > GZIP_BUDGET) process.exitCode = 1;
}
