// `npm run setup -- …`: bundles the first-run setup CLI (edge/cli/setup.ts) like the server, then runs it.
import { build } from 'esbuild';

await build({
  entryPoints: ['edge/cli/setup.ts'],
  outfile: 'dist/server/setup.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
await import(new URL('../dist/server/setup.mjs', import.meta.url).href);
