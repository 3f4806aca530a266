import { desc, eq, isNull, lte, sql } from 'drizzle-orm';
import { forms, webhookSources } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import {
  type CreateWebhookSource,
  MAX_ROTATION_OVERLAP_DAYS,
  type WebhookSource,
} from '../../contract/admin';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { generateWebhookSecret } from '../../core/standard-webhooks';
import { randomBytes } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { createWebhookSource } from '../ingest/receive-webhook';

/** Every delivery is checked against each secret, so a rotation may not pile them up. */
const MAX_SECRETS = 5;

const secretCount = sql<number>`cardinality(${webhookSources.secretCiphertexts})`.mapWith(Number);
const secrets = webhookSources.secretCiphertexts;
/** The secrets array cut to its newest (last) secret. */
const keepNewest = sql`${secrets}[cardinality(${secrets}):cardinality(${secrets})]`;

/** The organization's webhook sources, newest first; secrets only as a count. */
export async function listWebhookSources(db: Db, organizationId: string): Promise<WebhookSource[]> {
  const rows = await db
    .select({
      id: webhookSources.id,
      name: webhookSources.name,
      adapter: webhookSources.adapter,
      defaultSource: webhookSources.defaultSource,
      formId: webhookSources.formId,
      enabled: webhookSources.enabled,
      secretCount,
      oldSecretsExpireAt: webhookSources.oldSecretsExpireAt,
      createdAt: webhookSources.createdAt,
    })
    .from(webhookSources)
    .where(inOrg(webhookSources, organizationId, isNull(webhookSources.revokedAt)))
    .orderBy(desc(webhookSources.createdAt), desc(webhookSources.id));
  return rows.map((r) => ({
    ...r,
    oldSecretsExpireAt: r.oldSecretsExpireAt?.toISOString() ?? null,
    url: `/v1/hooks/${r.id}`,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Registers a webhook source; a form is linked only if it belongs to the caller's organization. */
export async function registerWebhookSource(
  deps: Pick<Deps, 'now' | 'newId' | 'pii'>,
  db: Db,
  auth: Auth,
  input: CreateWebhookSource,
) {
  if (input.formId) {
    const [form] = await db
      .select({ id: forms.id })
      .from(forms)
      .where(inOrg(forms, auth.organizationId, eq(forms.id, input.formId)))
      .limit(1);
    if (!form)
      throw new AppError('validation-failed', {
        errors: [{ pointer: '/formId', detail: 'No such form in this organization', code: 'unknown_form' }],
      });
  }
  return createWebhookSource(deps, db, auth, input);
}

/**
 * The source's secret count, with its row locked for the rest of the transaction; `not-found` if it is not
 * the organization's or is revoked.
 */
async function lockSource(tx: Tx, organizationId: string, id: string): Promise<number> {
  const [row] = await tx
    .select({ secretCount })
    .from(webhookSources)
    .where(inOrg(webhookSources, organizationId, eq(webhookSources.id, id), isNull(webhookSources.revokedAt)))
    .limit(1)
    .for('update');
  if (!row) throw new AppError('not-found', { detail: `No webhook source ${id}.` });
  return row.secretCount;
}

/**
 * Starts a rotation: appends a new signing secret, returned once. Deliveries signed with the older secrets
 * keep passing until `dropOldWebhookSecrets`, so the sender can switch over without losing a lead.
 */
export async function addWebhookSecret(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<{ secret: string; secretCount: number }> {
  const organizationId = auth.organizationId;
  const secret = generateWebhookSecret(randomBytes(32));
  const ciphertext = await deps.pii.encrypt(organizationId, 'webhook_secret', secret);
  const now = deps.now();
  return db.transaction(async (tx) => {
    const count = await lockSource(tx, organizationId, id);
    if (count >= MAX_SECRETS)
      throw new AppError('conflict', {
        detail: `A source keeps at most ${MAX_SECRETS} secrets; drop the old ones first.`,
      });
    await tx
      .update(webhookSources)
      .set({ secretCiphertexts: sql`array_append(${webhookSources.secretCiphertexts}, ${ciphertext})` })
      .where(inOrg(webhookSources, organizationId, eq(webhookSources.id, id)));
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'webhook_source',
        entityId: id,
        type: 'webhook_source.secret_added',
        actor: actorOf(auth),
        at: now,
        data: { secretCount: count + 1 },
      },
    ]);
    return { secret, secretCount: count + 1 };
  });
}

/** Ends a rotation: keeps only the newest secret (secrets are appended, so the last one). */
export async function dropOldWebhookSecrets(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<{ removed: number }> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  return db.transaction(async (tx) => {
    const count = await lockSource(tx, organizationId, id);
    await tx
      .update(webhookSources)
      .set({ secretCiphertexts: keepNewest, oldSecretsExpireAt: null })
      .where(inOrg(webhookSources, organizationId, eq(webhookSources.id, id)));
    const removed = Math.max(0, count - 1);
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'webhook_source',
        entityId: id,
        type: 'webhook_source.old_secrets_dropped',
        actor: actorOf(auth),
        at: now,
        data: { removed },
      },
    ]);
    return { removed };
  });
}

/** The end of a rotation's overlap, checked: in the future and at most MAX_ROTATION_OVERLAP_DAYS ahead. */
function overlapEnd(validUntil: string, now: Date): Date {
  const at = new Date(validUntil);
  const tooFar = at.getTime() > now.getTime() + MAX_ROTATION_OVERLAP_DAYS * 86_400_000;
  if (at.getTime() > now.getTime() && !tooFar) return at;
  const pointer = '/oldSecretValidUntil';
  throw new AppError('validation-failed', {
    errors: [
      tooFar
        ? { pointer, detail: `At most ${MAX_ROTATION_OVERLAP_DAYS} days ahead`, code: 'too_far_ahead' }
        : { pointer, detail: 'Must be in the future', code: 'not_in_future' },
    ],
  });
}

/**
 * Rotates the signing secret with an overlap: a new secret (returned once) signs from now on, and the
 * current one keeps verifying until `oldSecretValidUntil`, after which it stops and is dropped. A rotation
 * during another one's overlap ends the earlier overlap at once: only the current and the new secret stay.
 */
export async function rotateWebhookSecret(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  id: string,
  input: { oldSecretValidUntil: string },
): Promise<{ secret: string; oldSecretsExpireAt: string }> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  const until = overlapEnd(input.oldSecretValidUntil, now);
  const secret = generateWebhookSecret(randomBytes(32));
  const ciphertext = await deps.pii.encrypt(organizationId, 'webhook_secret', secret);
  return db.transaction(async (tx) => {
    const count = await lockSource(tx, organizationId, id);
    await tx
      .update(webhookSources)
      .set({ secretCiphertexts: sql`${keepNewest} || array[${ciphertext}]`, oldSecretsExpireAt: until })
      .where(inOrg(webhookSources, organizationId, eq(webhookSources.id, id)));
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'webhook_source',
        entityId: id,
        type: 'webhook_source.rotated',
        actor: actorOf(auth),
        at: now,
        data: { oldSecretsExpireAt: until.toISOString(), dropped: Math.max(0, count - 1) },
      },
    ]);
    return { secret, oldSecretsExpireAt: until.toISOString() };
  });
}

/** Revokes a source: its deliveries are refused from now on (404), its secrets erased. */
export async function revokeWebhookSource(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<void> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookSources)
      .set({ revokedAt: now, enabled: false, secretCiphertexts: [], oldSecretsExpireAt: null })
      .where(
        inOrg(
          webhookSources,
          auth.organizationId,
          eq(webhookSources.id, id),
          isNull(webhookSources.revokedAt),
        ),
      )
      .returning({ name: webhookSources.name });
    if (!row) throw new AppError('not-found', { detail: `No webhook source ${id}.` });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'webhook_source',
        entityId: id,
        type: 'webhook_source.revoked',
        actor: actorOf(auth),
        at: now,
        data: { name: row.name },
      },
    ]);
  });
}

/** Ends every overlap that is over: drops the older secrets of those sources (the system's audited act). */
export async function dropExpiredWebhookSecrets(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(webhookSources)
      .set({ secretCiphertexts: keepNewest, oldSecretsExpireAt: null })
      .where(lte(webhookSources.oldSecretsExpireAt, now))
      .returning({ id: webhookSources.id, organizationId: webhookSources.organizationId });
    await recordEvents(
      tx,
      ended.map((s) => ({
        organizationId: s.organizationId,
        entityType: 'webhook_source',
        entityId: s.id,
        type: 'webhook_source.old_secrets_dropped',
        actor: { type: 'system' as const, id: null },
        at: now,
        data: { reason: 'overlap-ended' },
      })),
    );
    return ended.length;
  });
}
