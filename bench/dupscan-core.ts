// The product's duplicate scan, bundled by bench/dupscan.mjs: the same service and SQL the API runs.
export { connect } from '../db/connect';
export { duplicateGroupsQuery, findDuplicatePairs, scanDuplicates } from '../edge/services/duplicates/scan';
