// The product code the bulk benchmark runs in-process, bundled by bench/bulk.mjs (esbuild, like
// bench/search-core.ts): the connection, the bulk and export services, and what it takes to arrange an org.
export { connect } from '../db/connect';
export { formatId } from '../edge/core/ids';
export { randomBytes } from '../edge/crypto/encoding';
export { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
export { undoBulkOperation } from '../edge/services/leads/bulk-undo';
export { bulkUpdateLeads } from '../edge/services/leads/bulk-update';
export { exportLeads } from '../edge/services/leads/export';
export { createOrganization } from '../edge/services/people/organizations';
