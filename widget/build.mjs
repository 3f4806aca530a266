// Builds the widget to ONE file: dist/public/widget.js (stable URL), widget.<hash>.js (immutable, for SRI)
// and widget.manifest.json with its sizes; plus the lazily imported widget-turnstile.<hash>.js (ESM, loaded
// only by forms with Turnstile, on first focus). Run `node widget/build.mjs`; tests import buildWidget().
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget: Lit included, gzip -9. */
export const GZIP_BUDGET = 10_240;

const root = fileURLToPath(new URL('..', import.meta.url));

const sizes = (code) => ({
  bytes: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const hashOf = (code) => createHash('sha256').update(code).digest('hex').slice(0, 12);

/** A lazily imported ES module with a content-hashed name (it is imported by name, cached forever). */
async function buildChunk(name, entry) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    charset: 'ascii',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  return { code, file: `widget-${name}.${hashOf(code)}.js`, ...sizes(code) };
}

/** The chunks widget.js imports on demand: Turnstile's glue, and the catalogs other than English. */
const CHUNKS = {
  turnstile: 'widget/turnstile.ts',
  de: 'widget/locales/de.ts',
  cs: 'widget/locales/cs.ts',
  uk: 'widget/locales/uk.ts',
};

/** Bundles and minifies the widget; writes the files unless `write` is false; returns the manifest. */
export async function buildWidget({ outdir = join(root, 'dist/public'), write = true } = {}) {
  const chunks = {};
  for (const [name, entry] of Object.entries(CHUNKS)) chunks[name] = await buildChunk(name, entry);
  const { turnstile, ...locales } = chunks;
  const result = await build({
    entryPoints: [join(root, 'widget/loader.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // Lit 3 ships ES2021: a lower target only adds transpiled helpers (~60 B gzip).
    target: 'es2021',
    define: {
      TURNSTILE_CHUNK: JSON.stringify(turnstile.file),
      LOCALE_CHUNKS: JSON.stringify(Object.fromEntries(Object.entries(locales).map(([l, c]) => [l, c.file]))),
    },
    // ASCII output: the file decodes correctly whatever charset a host page or a CDN assumes.
    charset: 'ascii',
    // Lit's licence notices go to widget.js.LEGAL.txt beside the bundle rather than into every page load.
    legalComments: 'external',
    outfile: join(outdir, 'widget.js'),
    // Our own `_private` members get short names (Lit's internals are `_$…` and stay untouched).
    mangleProps: /^_[a-z]/,
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const legal = result.outputFiles.find((f) => f.path.endsWith('.LEGAL.txt'))?.contents;
  const hash = hashOf(code);
  const manifest = {
    file: `widget.${hash}.js`,
    hash,
    sri: `sha384-${createHash('sha384').update(code).digest('base64')}`,
    ...sizes(code),
    chunks: Object.fromEntries(Object.entries(chunks).map(([n, { code: _, ...c }]) => [n, c])),
  };
  const files = [manifest.file, ...Object.values(chunks).map((c) => c.file)];
  if (write) {
    mkdirSync(outdir, { recursive: true });
    // dist/ is rebuilt, not kept: drop older hashed copies (a deploy keeps published ones elsewhere).
    for (const old of readdirSync(outdir))
      if (/^widget(-[a-z]+)?\.[0-9a-f]{12}\.js$/.test(old) && !files.includes(old)) rmSync(join(outdir, old));
    writeFileSync(join(outdir, 'widget.js'), code);
    if (legal) writeFileSync(join(outdir, 'widget.js.LEGAL.txt'), legal);
    writeFileSync(join(outdir, manifest.file), code);
    for (const c of Object.values(chunks)) writeFileSync(join(outdir, c.file), c.code);
    writeFileSync(join(outdir, 'widget.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Workers static assets read their response headers from _headers (the Node face sets the same ones).
    const cors = '  Access-Control-Allow-Origin: *';
    const immutable = files.map(
      (f) => `/${f}\n${cors}\n  Cache-Control: public, max-age=31536000, immutable\n`,
    );
    writeFileSync(
      join(outdir, '_headers'),
      `/widget.js\n${cors}\n  Cache-Control: public, max-age=300\n${immutable.join('')}`,
    );
  }
  // The source files bundled into widget.js (not in the manifest): types shared with the server must stay types.
  return { ...manifest, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await buildWidget();
  console.log(
    `widget.js: ${m.bytes} B, gzip ${m.gzip} B (budget ${GZIP_BUDGET}), brotli ${m.brotli} B → ${m.file}\n` +
      Object.values(m.chunks)
        .map((c) => `${c.file}: ${c.bytes} B, gzip ${c.gzip} B, brotli ${c.brotli} B`)
        .join('\n'),
  );
  if (m.gzip > GZIP_BUDGET) process.exitCode = 1;
}
