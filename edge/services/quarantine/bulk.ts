import { inArray } from 'drizzle-orm';
import { quarantinedSubmissions as held } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { QuarantineBulk, QuarantineBulkOutcome, QuarantineBulkResult } from '../../contract/quarantine';
import { AppError, type ErrorCode } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import type { IngestResult } from '../ingest/ingest-lead';
import { releaseSubmission } from './release';
import { discardSubmissions } from './review';

/** The expected refusals of one release, as the outcome a bulk action reports for it. */
const REFUSALS: Partial<Record<ErrorCode, QuarantineBulkOutcome>> = {
  'not-found': 'not-found',
  conflict: 'already-released',
  'validation-failed': 'unreadable',
};

type Item = QuarantineBulkResult['items'][number];

/**
 * One action over up to 100 held submissions. Release runs each through the pipeline in its own
 * transaction (one that cannot be read as a lead stays held and is reported, the others go on);
 * discard erases them all in one transaction. Every id gets an outcome; `released` lists the new or
 * updated leads for the duplicate check after the response.
 */
export async function bulkQuarantine(
  deps: Deps,
  db: Db,
  auth: Auth,
  input: QuarantineBulk,
): Promise<QuarantineBulkResult & { released: IngestResult[] }> {
  if (input.action === 'discard') {
    const discarded = new Set(await discardSubmissions(deps, db, auth, input.ids));
    const rest = input.ids.filter((id) => !discarded.has(id));
    const released = new Set(
      rest.length === 0
        ? []
        : (
            await db
              .select({ id: held.id })
              .from(held)
              .where(inOrg(held, auth.organizationId, inArray(held.id, rest)))
          ).map((r) => r.id),
    );
    const items = input.ids.map(
      (id): Item => ({
        id,
        outcome: discarded.has(id) ? 'discarded' : released.has(id) ? 'already-released' : 'not-found',
        leadId: null,
      }),
    );
    return { items, released: [] };
  }
  const items: Item[] = [];
  const released: IngestResult[] = [];
  for (const id of input.ids) {
    try {
      const result = await releaseSubmission(deps, db, auth, id);
      released.push(result);
      items.push({ id, outcome: 'released', leadId: result.leadId });
    } catch (error) {
      const outcome = error instanceof AppError ? REFUSALS[error.code] : undefined;
      if (!outcome) throw error;
      items.push({ id, outcome, leadId: null });
    }
  }
  return { items, released };
}
