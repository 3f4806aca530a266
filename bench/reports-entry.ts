// Bundled by bench/reports.mjs (esbuild): the reports service and the connection exactly as the app uses them.
export { connect } from '../db/connect';
export { runReport } from '../edge/services/workspace/reports';
