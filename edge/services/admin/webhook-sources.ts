import { desc, eq, sql } from 'drizzle-orm';
import { forms, webhookSources } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { CreateWebhookSource, WebhookSource } from '../../contract/admin';
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
      createdAt: webhookSources.createdAt,
    })
    .from(webhookSources)
    .where(inOrg(webhookSources, organizationId))
    .orderBy(desc(webhookSources.createdAt), desc(webhookSources.id));
  return rows.map((r) => ({ ...r, url: `/v1/hooks/${r.id}`, createdAt: r.createdAt.toISOString() }));
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

/** The source's secret count, with its row locked for the rest of the transaction; `not-found` if not the org's. */
async function lockSource(tx: Tx, organizationId: string, id: string): Promise<number> {
  const [row] = await tx
    .select({ secretCount })
    .from(webhookSources)
    .where(inOrg(webhookSources, organizationId, eq(webhookSources.id, id)))
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
    const column = webhookSources.secretCiphertexts;
    await tx
      .update(webhookSources)
      .set({ secretCiphertexts: sql`${column}[cardinality(${column}):cardinality(${column})]` })
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
