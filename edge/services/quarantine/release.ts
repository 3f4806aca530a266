import { and, eq } from 'drizzle-orm';
import { forms, quarantinedSubmissions as held, organizations } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import { FormPostSchema, SubmissionSchema } from '../../contract/submissions';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { RawLead } from '../../core/lead-input';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { type IngestInput, type IngestResult, ingestDeps, ingestLead } from '../ingest/ingest-lead';
import { type AcceptedSubmission, acceptPayload } from '../ingest/submit-form';

/**
 * Lets a held submission through: the normal ingestion pipeline without spam checks, then marks it
 * released, all in one transaction. The row lock makes a concurrent second release wait and then see
 * `releasedAt`, so a submission becomes a lead at most once.
 */
export async function releaseSubmission(deps: Deps, db: Db, auth: Auth, id: string): Promise<IngestResult> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(held)
      .where(inOrg(held, organizationId, eq(held.id, id)))
      .limit(1)
      .for('update');
    if (!row) throw new AppError('not-found', { detail: `No quarantined submission ${id}.` });
    if (row.releasedAt) throw new AppError('conflict', { detail: `Submission ${id} was already released.` });
    const payload: unknown = JSON.parse(
      await deps.pii.decrypt(organizationId, 'submission', row.payloadCiphertext),
    );
    const input = await ingestInput(tx, auth, row.formId, acceptStored(payload));
    // A nested transaction is a savepoint: ingestion's retry on a unique violation still works in here.
    const { leadId, outcome, receiptId } = await ingestLead(ingestDeps(deps), tx, input);
    await tx
      .update(held)
      .set({ releasedAt: now, releasedBy: auth.userId ?? auth.apiKeyId, leadId })
      .where(inOrg(held, organizationId, eq(held.id, id)));
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'quarantine',
        entityId: id,
        type: 'submission.released',
        actor: actorOf(auth),
        at: now,
        data: { leadId, outcome, reason: row.reason, formId: row.formId },
      },
    ]);
    return { leadId, outcome, receiptId };
  });
}

/**
 * A held payload is what the form endpoint received: our JSON submission shape (it always carries
 * `lastName`, which the endpoint required), or a plain form post record (Salesforce names included).
 */
function acceptStored(payload: unknown): AcceptedSubmission {
  if (typeof payload === 'object' && payload !== null && 'lastName' in payload) {
    const json = SubmissionSchema.safeParse(payload);
    if (json.success)
      return acceptPayload({ kind: 'json', data: json.data, rawBody: '', idempotencyKey: null });
  }
  const post = FormPostSchema.safeParse(payload);
  if (!post.success)
    throw new AppError('validation-failed', { detail: 'The held submission cannot be read as a lead.' });
  return acceptPayload({ kind: 'form', data: post.data });
}

/** The ingestion input, with the defaults of the form it was posted to (even if since disabled). */
async function ingestInput(
  tx: Tx,
  auth: Auth,
  formId: string | null,
  accepted: AcceptedSubmission,
): Promise<IngestInput> {
  const organizationId = auth.organizationId;
  const [org] = await tx
    .select({ defaultCountry: organizations.defaultCountry, form: forms })
    .from(organizations)
    .leftJoin(forms, and(eq(forms.organizationId, organizations.id), eq(forms.id, formId ?? '')))
    .where(eq(organizations.id, organizationId));
  const form = org?.form ?? null;
  const { source, campaign, ...lead } = accepted.fields;
  return {
    organizationId,
    channel: 'form',
    formId: form?.id ?? null,
    lead: { ...(lead as RawLead), custom: accepted.custom },
    source: source ?? form?.defaultSource ?? null,
    campaign: campaign ?? form?.defaultCampaign ?? null,
    pagesViewed: form?.signalsEnabled ? accepted.pagesViewed : undefined,
    timeOnPageMs: form?.signalsEnabled ? accepted.timeOnPageMs : undefined,
    consent:
      accepted.consent === undefined
        ? null
        : { given: accepted.consent, text: accepted.consent ? (form?.consentText ?? null) : null },
    actor: actorOf(auth),
    defaultCountry: org?.defaultCountry ?? 'US',
  };
}
