// The product's duplicate scan, bundled by bench/dupscan.mjs: the same service and SQL the API runs.
export { connect } from '../db/connect';
export { duplicatePairsQuery, scanDuplicates } from '../edge/services/scan-duplicates';
