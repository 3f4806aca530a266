// Builds what `wrangler deploy` uploads beside the worker, minified: the dashboard (Vite → dist/public/app)
// and the widget (esbuild → dist/public). wrangler.toml runs it as its [build] command, so `wrangler deploy`,
// `wrangler dev` and `npm run deploy` never ship stale or missing assets. LEADGATE_SKIP_ASSET_BUILD=1 skips
// it: the worker tests bundle the worker once per file, after `npm test` has built everything once.
import { spawnSync } from 'node:child_process';

if (process.env.LEADGATE_SKIP_ASSET_BUILD === '1') {
  console.log('Assets: build skipped (LEADGATE_SKIP_ASSET_BUILD=1).');
} else {
  for (const script of ['build:dashboard', 'build:widget']) {
    const run = spawnSync('npm', ['run', script, '--silent'], { stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
