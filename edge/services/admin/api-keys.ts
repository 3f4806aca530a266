import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { Role } from '../../contract/session';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { randomToken, sha256 } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const KEY_PATTERN = /^lg_([a-z0-9]{8})_([A-Za-z0-9_-]{32,})$/;

/** Creates an API key; the secret is returned once and only its SHA-256 is stored. */
export async function createApiKey(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  input: { name: string; role: Role },
) {
  const id = deps.newId('key');
  const prefix = randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 8);
  const key = `lg_${prefix}_${randomToken(32)}`;
  const now = deps.now();
  await db.transaction(async (tx) => {
    await tx.insert(apiKeys).values({
      id,
      organizationId: auth.organizationId,
      name: input.name,
      prefix,
      keyHash: await sha256(key),
      role: input.role,
      createdBy: auth.userId,
      createdAt: now,
    });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'api_key',
        entityId: id,
        type: 'api_key.created',
        actor: actorOf(auth),
        at: now,
        data: { name: input.name, role: input.role, prefix },
      },
    ]);
  });
  return { id, name: input.name, role: input.role, prefix, key, createdAt: now.toISOString() };
}

export async function listApiKeys(db: Db, organizationId: string) {
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      prefix: apiKeys.prefix,
      lastUsedAt: apiKeys.lastUsedAt,
      createdAt: apiKeys.createdAt,
    })
    .from(apiKeys)
    .where(inOrg(apiKeys, organizationId, isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => ({
    ...r,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function revokeApiKey(deps: Pick<Deps, 'now'>, db: Db, auth: Auth, id: string): Promise<void> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(inOrg(apiKeys, auth.organizationId, eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (revoked.length === 0) throw new AppError('not-found', { detail: `No API key ${id}.` });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'api_key',
        entityId: id,
        type: 'api_key.revoked',
        actor: actorOf(auth),
        at: now,
      },
    ]);
  });
}

/** Resolves `Authorization: Bearer lg_…`; unknown, malformed or revoked keys resolve to null. */
export async function resolveApiKey(db: Db, key: string, now: Date): Promise<Auth | null> {
  if (!KEY_PATTERN.test(key)) return null;
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.keyHash, await sha256(key)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, organizationId: apiKeys.organizationId, role: apiKeys.role });
  if (!row) return null;
  return {
    organizationId: row.organizationId,
    userId: null,
    apiKeyId: row.id,
    role: row.role,
    via: 'api_key',
    csrfToken: null,
  };
}
