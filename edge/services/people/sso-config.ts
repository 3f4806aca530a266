import { ssoConfigs } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { PutSsoConfig, SsoConfig } from '../../contract/sso';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { ssoDomain } from '../../core/sso';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

type Row = typeof ssoConfigs.$inferSelect;

/** What the audit log keeps of a configuration: everything but the secret. */
function audited(row: Pick<Row, 'issuer' | 'clientId' | 'allowedDomains' | 'newPeople'>) {
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    allowedDomains: row.allowedDomains,
    newPeople: row.newPeople,
  };
}

function toConfig(row: Row): SsoConfig {
  return { ...audited(row), clientSecretSet: true, updatedAt: row.updatedAt.toISOString() };
}

/** The organization's stored configuration row, or null. */
export async function ssoConfigRow(db: Executor, organizationId: string): Promise<Row | null> {
  const [row] = await db.select().from(ssoConfigs).where(inOrg(ssoConfigs, organizationId));
  return row ?? null;
}

/** The organization's single sign-on as the owner's form shows it (no secret), or null. */
export async function getSsoConfig(db: Db, organizationId: string): Promise<SsoConfig | null> {
  const row = await ssoConfigRow(db, organizationId);
  return row ? toConfig(row) : null;
}

/**
 * Sets the organization's single sign-on. The client secret is sealed; an absent secret keeps the stored
 * one (and is required when there is none). Domains are stored normalized, each once. Audited with
 * before and after, never the secret (only whether it changed).
 */
export async function putSsoConfig(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  input: PutSsoConfig,
): Promise<SsoConfig> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  const sealed = input.clientSecret
    ? await deps.pii.encrypt(organizationId, 'sso_client_secret', input.clientSecret)
    : null;
  const allowedDomains = [...new Set(input.allowedDomains.map((d) => ssoDomain(d)!))];
  const row = await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(ssoConfigs)
      .where(inOrg(ssoConfigs, organizationId))
      .for('update');
    const clientSecretCiphertext = sealed ?? before?.clientSecretCiphertext;
    if (!clientSecretCiphertext)
      throw new AppError('validation-failed', {
        detail: 'A client secret is required',
        errors: [{ pointer: '/clientSecret', detail: 'A client secret is required', code: 'required' }],
      });
    const values = {
      organizationId,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretCiphertext,
      allowedDomains,
      newPeople: input.newPeople,
      updatedBy: auth.userId,
      updatedAt: now,
    };
    const [after] = await tx
      .insert(ssoConfigs)
      .values({ ...values, createdAt: now })
      .onConflictDoUpdate({ target: ssoConfigs.organizationId, set: values })
      .returning();
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'sso',
        entityId: organizationId,
        type: before ? 'sso.updated' : 'sso.configured',
        actor: actorOf(auth),
        at: now,
        data: {
          before: before ? audited(before) : null,
          after: audited(after!),
          clientSecretChanged: sealed !== null,
        },
      },
    ]);
    return after!;
  });
  return toConfig(row);
}

/** Turns single sign-on off for the organization; 404 when it has none. Audited. */
export async function deleteSsoConfig(deps: Pick<Deps, 'now'>, db: Db, auth: Auth): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(ssoConfigs).where(inOrg(ssoConfigs, auth.organizationId)).returning();
    if (!before) throw new AppError('not-found', { detail: 'This organization has no single sign-on.' });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'sso',
        entityId: auth.organizationId,
        type: 'sso.removed',
        actor: actorOf(auth),
        at: deps.now(),
        data: { before: audited(before) },
      },
    ]);
  });
}
