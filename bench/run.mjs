// `npm run bench [name …]`: runs the named benchmarks (all by default) and rewrites their sections of
// bench/RESULTS.md. Benchmarks are not tests: they measure, on this machine, next to a baseline.
const all = {
  ingest: () => import('./ingest.mjs'),
  widget: () => import('./widget.mjs'),
  search: () => import('./search.mjs'),
  // Duplicates and merge
  dupscan: () => import('./dupscan.mjs'),
  bulk: () => import('./bulk.mjs'),
  // Insight: report query times at 100K leads
  reports: () => import('./reports.mjs'),
  conversion: () => import('./conversion.mjs'), // lead conversion
  // CSV import (issue 7)
  import: () => import('./import.mjs'),
  'password-hash': () => import('./password-hash.mjs'),
  live: () => import('./live.mjs'), // live updates over SSE
  tasks: () => import('./tasks.mjs'), // My tasks at 500K leads
  outhooks: () => import('./outhooks.mjs'), // outgoing webhooks: 1,000 lead.created delivered
  worker: () => import('./worker.mjs'), // Workers bundle size and startup CPU
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
for (const name of names) {
  if (!all[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
  console.log(`\n▶ ${name}`);
  await (await all[name]()).run();
}
