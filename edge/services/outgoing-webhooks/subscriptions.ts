import { desc, eq, sql } from 'drizzle-orm';
import { webhookMessages, webhookSubscriptions } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type {
  CreatedWebhookSubscription,
  CreateWebhookSubscription,
  UpdateWebhookSubscription,
  WebhookSubscription,
} from '../../contract/outgoing-webhooks';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { WebhookEventType } from '../../core/outgoing-webhooks';
import { generateWebhookSecret } from '../../core/standard-webhooks';
import { randomBytes } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { assertWebhookTarget, webhookDeps } from './target';

/** Every secret signs every message, so a rotation may not pile them up. */
const MAX_SECRETS = 3;
/** The secrets' purpose in the PII vault (their ciphertexts cannot be swapped with other fields'). */
export const SECRET_PURPOSE = 'outgoing_webhook_secret';

type Row = typeof webhookSubscriptions.$inferSelect;
type SubDeps = Pick<Deps, 'now' | 'newId' | 'pii' | 'webhooks' | 'fetch'>;

const pendingCount = sql<number>`(select count(*) from ${webhookMessages} m
  where m.subscription_id = ${webhookSubscriptions.id} and m.status = 'pending')`.mapWith(Number);

function view(row: Row, pending: number): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as WebhookEventType[],
    enabled: row.enabled,
    includePersonalData: row.includePersonalData,
    disabledReason: (row.disabledReason as WebhookSubscription['disabledReason']) ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    secretCount: row.secretCiphertexts.length,
    pending,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The organization's endpoints, newest first; secrets only as a count. */
export async function listSubscriptions(db: Db, organizationId: string): Promise<WebhookSubscription[]> {
  const rows = await db
    .select({ row: webhookSubscriptions, pending: pendingCount })
    .from(webhookSubscriptions)
    .where(inOrg(webhookSubscriptions, organizationId))
    .orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id));
  return rows.map((r) => view(r.row, r.pending));
}

function audit(tx: Executor, auth: Auth, id: string, type: string, at: Date, data: Record<string, unknown>) {
  return recordEvents(tx, [
    {
      organizationId: auth.organizationId,
      entityType: 'webhook_subscription',
      entityId: id,
      type: `webhook_subscription.${type}`,
      actor: actorOf(auth),
      at,
      data,
    },
  ]);
}

/** Creates an endpoint after the SSRF guard; its signing secret is returned here only. */
export async function createSubscription(
  deps: SubDeps,
  db: Db,
  auth: Auth,
  input: CreateWebhookSubscription,
): Promise<CreatedWebhookSubscription> {
  await assertWebhookTarget(webhookDeps(deps), input.url);
  const secret = generateWebhookSecret(randomBytes(32));
  const id = deps.newId('whk');
  const ciphertext = await deps.pii.encrypt(auth.organizationId, SECRET_PURPOSE, secret);
  const now = deps.now();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookSubscriptions)
      .values({
        id,
        organizationId: auth.organizationId,
        url: input.url,
        description: input.description ?? '',
        eventTypes: input.eventTypes,
        includePersonalData: input.includePersonalData ?? false,
        secretCiphertexts: [ciphertext],
        createdBy: auth.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, auth, id, 'created', now, {
      url: input.url,
      eventTypes: input.eventTypes,
      includePersonalData: input.includePersonalData ?? false,
    });
    return created!;
  });
  return { ...view(row, 0), secret };
}

async function lockSubscription(tx: Tx, organizationId: string, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(webhookSubscriptions)
    .where(inOrg(webhookSubscriptions, organizationId, eq(webhookSubscriptions.id, id)))
    .limit(1)
    .for('update');
  if (!row) throw new AppError('not-found', { detail: `No webhook subscription ${id}.` });
  return row;
}

/**
 * Changes the URL, event types, description or state. Enabling clears the failure state, so a repaired
 * endpoint gets its waiting messages at once. The audit event holds before/after of what changed.
 */
export async function updateSubscription(
  deps: SubDeps,
  db: Db,
  auth: Auth,
  id: string,
  input: UpdateWebhookSubscription,
): Promise<WebhookSubscription> {
  if (input.url !== undefined) await assertWebhookTarget(webhookDeps(deps), input.url);
  const now = deps.now();
  return db.transaction(async (tx) => {
    const before = await lockSubscription(tx, auth.organizationId, id);
    const set: Partial<Row> = { updatedAt: now };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const change = <K extends 'url' | 'description' | 'eventTypes' | 'enabled' | 'includePersonalData'>(
      key: K,
      value: Row[K] | undefined,
    ) => {
      if (value === undefined || JSON.stringify(before[key]) === JSON.stringify(value)) return;
      set[key] = value;
      changes[key] = { from: before[key], to: value };
    };
    change('url', input.url);
    change('description', input.description);
    change('eventTypes', input.eventTypes);
    change('enabled', input.enabled);
    change('includePersonalData', input.includePersonalData);
    if (input.enabled !== undefined && changes.enabled) {
      set.disabledReason = input.enabled ? null : 'manual';
      if (input.enabled) set.failingSince = null;
    }
    const [row] = await tx
      .update(webhookSubscriptions)
      .set(set)
      .where(inOrg(webhookSubscriptions, auth.organizationId, eq(webhookSubscriptions.id, id)))
      .returning();
    if (input.enabled)
      await tx
        .update(webhookMessages)
        .set({ nextAttemptAt: now })
        .where(
          inOrg(
            webhookMessages,
            auth.organizationId,
            eq(webhookMessages.subscriptionId, id),
            eq(webhookMessages.status, 'pending'),
          ),
        );
    if (Object.keys(changes).length > 0) await audit(tx, auth, id, 'updated', now, { changes });
    const [{ pending }] = (await tx
      .select({ pending: pendingCount })
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, id))) as [{ pending: number }];
    return view(row!, pending);
  });
}

/** Deletes an endpoint with its messages and log. */
export async function deleteSubscription(deps: Pick<Deps, 'now'>, db: Db, auth: Auth, id: string) {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const row = await lockSubscription(tx, auth.organizationId, id);
    await tx
      .delete(webhookSubscriptions)
      .where(inOrg(webhookSubscriptions, auth.organizationId, eq(webhookSubscriptions.id, id)));
    await audit(tx, auth, id, 'deleted', now, { url: row.url });
  });
}

/**
 * Starts a rotation: a new secret, returned once. Until `dropOldSecrets`, each message carries a
 * signature by every secret, so the receiver may switch to the new one whenever it is ready.
 */
export async function rotateSecret(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<{ secret: string; secretCount: number }> {
  const secret = generateWebhookSecret(randomBytes(32));
  const ciphertext = await deps.pii.encrypt(auth.organizationId, SECRET_PURPOSE, secret);
  const now = deps.now();
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, auth.organizationId, id);
    const count = row.secretCiphertexts.length;
    if (count >= MAX_SECRETS)
      throw new AppError('conflict', {
        detail: `An endpoint keeps at most ${MAX_SECRETS} secrets; drop the old ones first.`,
      });
    await tx
      .update(webhookSubscriptions)
      .set({ secretCiphertexts: [...row.secretCiphertexts, ciphertext], updatedAt: now })
      .where(inOrg(webhookSubscriptions, auth.organizationId, eq(webhookSubscriptions.id, id)));
    await audit(tx, auth, id, 'secret_added', now, { secretCount: count + 1 });
    return { secret, secretCount: count + 1 };
  });
}

/** Ends a rotation: only the newest secret signs from now on. */
export async function dropOldSecrets(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<{ removed: number }> {
  const now = deps.now();
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, auth.organizationId, id);
    const removed = row.secretCiphertexts.length - 1;
    await tx
      .update(webhookSubscriptions)
      .set({ secretCiphertexts: row.secretCiphertexts.slice(-1), updatedAt: now })
      .where(inOrg(webhookSubscriptions, auth.organizationId, eq(webhookSubscriptions.id, id)));
    await audit(tx, auth, id, 'old_secrets_dropped', now, { removed });
    return { removed };
  });
}
