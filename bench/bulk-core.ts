// The product code the bulk benchmark runs in-process, bundled by bench/bulk.mjs (esbuild, like
// bench/search-core.ts): the connection, the bulk and export services, and what it takes to arrange an org.
export { connect } from '../db/connect';
export { formatId } from '../edge/core/ids';
export { randomBytes } from '../edge/crypto/encoding';
export { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
export { bulkUpdateLeads } from '../edge/services/bulk-leads';
export { undoBulkOperation } from '../edge/services/bulk-undo';
export { exportLeads } from '../edge/services/export-leads';
export { createOrganization } from '../edge/services/organizations';
