// Bundles the Node face into dist/server/server.mjs; npm packages stay external (resolved from node_modules).
import { build } from 'esbuild';

await build({
  entryPoints: ['edge/server.ts'],
  outfile: 'dist/server/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
