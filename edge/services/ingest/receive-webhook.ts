import { and, eq, isNull } from 'drizzle-orm';
import { describeError } from '../../../db/errors';
import { organizations, webhookSources } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { fieldErrors, invalidTextErrors } from '../../contract/issues';
import { LeadFieldsSchema, WebhookLeadSchema } from '../../contract/submissions';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { type MappedLead, mapHubSpotSubmission, mapLeadgateFields } from '../../core/field-maps';
import type { RawLead } from '../../core/lead-input';
import { generateWebhookSecret, verifyWebhook, type WebhookHeaders } from '../../core/standard-webhooks';
import { randomBytes, sha256 } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { type DeliveryRecord, recordDelivery } from '../admin/webhook-deliveries';
import { recordEvents } from '../audit/events';
import { type IngestResult, ingestDeps, ingestLead } from './ingest-lead';

type Source = typeof webhookSources.$inferSelect;

async function findSource(db: Db, sourceId: string): Promise<Source & { defaultCountry: string }> {
  const [row] = await db
    .select({ source: webhookSources, defaultCountry: organizations.defaultCountry })
    .from(webhookSources)
    .innerJoin(organizations, eq(organizations.id, webhookSources.organizationId))
    .where(
      and(
        eq(webhookSources.id, sourceId),
        eq(webhookSources.enabled, true),
        isNull(webhookSources.revokedAt),
      ),
    )
    .limit(1);
  if (!row) throw new AppError('source-not-found', { detail: `No enabled webhook source ${sourceId}.` });
  return { ...row.source, defaultCountry: row.defaultCountry };
}

/** Our own JSON shape or HubSpot's Forms v3 submission, mapped to standard fields and validated. */
function adaptPayload(
  adapter: Source['adapter'],
  json: unknown,
): MappedLead & { fields: Record<string, unknown> } {
  if (adapter === 'hubspot') {
    const mapped = mapHubSpotSubmission(json);
    if ('error' in mapped)
      throw new AppError('validation-failed', {
        detail: mapped.error,
        errors: [{ pointer: mapped.pointer, detail: mapped.error }],
      });
    return mapped;
  }
  const parsed = WebhookLeadSchema.safeParse(json);
  const errors = parsed.success ? invalidTextErrors(parsed.data) : fieldErrors(parsed.error.issues);
  if (errors.length || !parsed.success) throw new AppError('validation-failed', { errors });
  const { consent, page, ...rest } = parsed.data;
  const strings = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)]));
  return {
    ...mapLeadgateFields(strings),
    page: page ?? null,
    consent: consent === undefined ? null : { given: consent },
  };
}

/** The secrets that verify now: all of them during a rotation's overlap, after it only the newest. */
function secretsInForce(source: Source, now: Date): string[] {
  const all = source.secretCiphertexts;
  const overlapOver = source.oldSecretsExpireAt !== null && source.oldSecretsExpireAt <= now;
  return overlapOver ? all.slice(-1) : all;
}

/** The refusals a sender is told about in the delivery log (others are transient and retried). */
const PAYLOAD_PROBLEMS: ReadonlySet<string> = new Set(['validation-failed', 'idempotency-key-reused']);

/**
 * A lead pushed by another system: Standard Webhooks signature (the source's secrets in force, 5-minute
 * tolerance), then the source's payload adapter, then the ingestion pipeline with `webhook-id` as the
 * idempotency key, so a redelivery answers the same and stores nothing twice. Each delivery to a known
 * source is written to its log (outcome, lead, problem code); a failure to log never fails a delivery.
 * `admit` runs once the signature is verified, before anything is stored (the caller's quota for the
 * source: only verified deliveries count against it); what it throws refuses the delivery.
 */
export async function receiveWebhook(
  deps: Deps,
  db: Db,
  sourceId: string,
  request: { headers: WebhookHeaders; rawBody: string; json: unknown },
  options: { admit?: () => Promise<void> } = {},
): Promise<IngestResult & { replayed: boolean; organizationId: string }> {
  const source = await findSource(db, sourceId);
  const now = deps.now();
  const log = (entry: Omit<DeliveryRecord, 'sourceId' | 'receivedAt' | 'messageId'>) =>
    recordDelivery(db, { sourceId, receivedAt: now, messageId: request.headers.id, ...entry }).catch(
      (error) => deps.logger.error('webhook delivery log failed', { sourceId, error: describeError(error) }),
    );
  const secrets = await Promise.all(
    secretsInForce(source, now).map((ct) => deps.pii.decrypt(source.organizationId, 'webhook_secret', ct)),
  );
  const verdict = await verifyWebhook(
    secrets,
    request.headers,
    request.rawBody,
    Math.floor(now.getTime() / 1000),
  );
  if (!verdict.ok) {
    if (verdict.reason === 'invalid-secret')
      throw new Error(`webhook source ${sourceId} has an undecodable secret`);
    await log({
      outcome: verdict.reason === 'timestamp-out-of-tolerance' ? 'too_old' : 'signature_invalid',
      problem: { code: 'webhook-signature-invalid', pointers: [] },
    });
    throw new AppError('webhook-signature-invalid', { detail: `Signature check failed: ${verdict.reason}.` });
  }
  await options.admit?.();
  try {
    const result = await ingestSigned(deps, db, source, request);
    await log({
      outcome: result.replayed ? 'replayed' : 'accepted',
      lead: { id: result.leadId, outcome: result.outcome },
    });
    return { ...result, organizationId: source.organizationId };
  } catch (error) {
    if (error instanceof AppError && PAYLOAD_PROBLEMS.has(error.code))
      await log({
        outcome: 'invalid_payload',
        problem: { code: error.code, pointers: (error.errors ?? []).map((e) => e.pointer) },
      });
    throw error;
  }
}

/** A verified delivery through its adapter and the ingestion pipeline. */
async function ingestSigned(
  deps: Deps,
  db: Db,
  source: Source & { defaultCountry: string },
  request: { headers: WebhookHeaders; rawBody: string; json: unknown },
) {
  const mapped = adaptPayload(source.adapter, request.json);
  const fields = LeadFieldsSchema.safeParse(mapped.fields);
  if (!fields.success) throw new AppError('validation-failed', { errors: fieldErrors(fields.error.issues) });
  const { source: leadSource, campaign, ...lead } = fields.data;
  return ingestLead(ingestDeps(deps), db, {
    organizationId: source.organizationId,
    channel: 'webhook',
    formId: source.formId,
    sourceId: source.id,
    lead: { ...(lead as RawLead), custom: mapped.custom },
    source: leadSource ?? source.defaultSource,
    campaign: campaign ?? null,
    page: mapped.page ?? null,
    consent: mapped.consent ?? null,
    actor: { type: 'webhook', id: source.id },
    defaultCountry: source.defaultCountry,
    idempotency: {
      scope: `hook:${source.id}`,
      key: request.headers.id!,
      requestHash: await sha256(request.rawBody),
    },
  });
}

/** Registers a webhook source; its signing secret is shown once and stored encrypted. */
export async function createWebhookSource(
  deps: Pick<Deps, 'now' | 'newId' | 'pii'>,
  db: Db,
  auth: Auth,
  input: { name: string; adapter: 'leadgate' | 'hubspot'; defaultSource?: string; formId?: string | null },
) {
  const id = deps.newId('src');
  const secret = generateWebhookSecret(randomBytes(32));
  const now = deps.now();
  await db.transaction(async (tx) => {
    await tx.insert(webhookSources).values({
      id,
      organizationId: auth.organizationId,
      name: input.name,
      adapter: input.adapter,
      secretCiphertexts: [await deps.pii.encrypt(auth.organizationId, 'webhook_secret', secret)],
      defaultSource: input.defaultSource ?? 'Partner',
      formId: input.formId ?? null,
      createdAt: now,
    });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'webhook_source',
        entityId: id,
        type: 'webhook_source.created',
        actor: actorOf(auth),
        at: now,
        data: { name: input.name, adapter: input.adapter },
      },
    ]);
  });
  return { id, name: input.name, adapter: input.adapter, secret, url: `/v1/hooks/${id}` };
}
