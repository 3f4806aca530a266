// The product code the search benchmark borrows, bundled by bench/search.mjs (esbuild, like bench/cpu.ts):
// the normalization that computes search_text / company_key / last_name_key, PII sealing, the password
// hash, and the list and detail services run once through drizzle with a logger, so the benchmark replays
// exactly the SQL (text and parameters) the service sends as its raw-Postgres baseline.
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from '../db/schema';
import type { Db } from '../db/types';
import { LeadListQuerySchema } from '../edge/contract/leads';
import type { PiiVault } from '../edge/crypto/pii';
import { createCaches } from '../edge/deps';
import { getLead } from '../edge/services/leads/get';
import { listLeads } from '../edge/services/leads/list';

export { normalizeEmail, normalizePhone } from '../edge/core/contact';
export { formatId } from '../edge/core/ids';
export { normalizeLead } from '../edge/core/lead-input';
export { planSearch } from '../edge/core/search';
export { hashPassword } from '../edge/crypto/password';
export { PiiVault, parsePiiKeyMaterial } from '../edge/crypto/pii';

export type CapturedQuery = { text: string; values: unknown[] };

/** Runs the services on `pool` through drizzle (as edge/server.ts builds it) and records their SQL. */
export function sqlRecorder(pool: pg.Pool, pii: PiiVault) {
  let captured: CapturedQuery[] = [];
  const caches = createCaches();
  const db = drizzle({
    client: pool,
    schema,
    casing: 'snake_case',
    logger: { logQuery: (text, values) => captured.push({ text, values }) },
  }) as unknown as Db;
  return {
    /** GET /api/leads with these query parameters, as `userId` in `organizationId`. */
    async list(organizationId: string, userId: string, params: Record<string, string>, now: Date) {
      captured = [];
      const query = LeadListQuerySchema.parse(params);
      const result = await listLeads({ pii, caches }, db, { organizationId, userId, now }, query);
      return { queries: captured, items: result.items.length, counts: result.counts };
    },
    /** GET /api/leads/{id}. */
    async detail(organizationId: string, id: string) {
      captured = [];
      const lead = await getLead(db, pii, organizationId, id);
      return { queries: captured, email: lead.email, phone: lead.phone };
    },
  };
}
