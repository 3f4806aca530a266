import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { apiKeys, memberships, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { ApiKey, CreateApiKey, CreatedApiKey } from '../../contract/admin';
import type { Role } from '../../contract/session';
import { actorOf } from '../../core/actor';
import { type ApiScope, LAST_USED_RESOLUTION_MS, MAX_API_KEY_DAYS } from '../../core/api-scopes';
import { AppError } from '../../core/errors';
import { hasRole, lesserRole } from '../../core/permissions';
import { randomToken, sha256 } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const KEY_PATTERN = /^lg_([a-z0-9]{8})_([A-Za-z0-9_-]{32,})$/;

/** The expiry asked for, checked: in the future and at most MAX_API_KEY_DAYS ahead. */
function checkExpiry(expiresAt: string | undefined, now: Date): Date | null {
  if (expiresAt === undefined) return null;
  const at = new Date(expiresAt);
  const tooFar = at.getTime() > now.getTime() + MAX_API_KEY_DAYS * 86_400_000;
  if (at.getTime() > now.getTime() && !tooFar) return at;
  throw new AppError('validation-failed', {
    errors: [
      tooFar
        ? { pointer: '/expiresAt', detail: `At most ${MAX_API_KEY_DAYS} days ahead`, code: 'too_far_ahead' }
        : { pointer: '/expiresAt', detail: 'Must be in the future', code: 'not_in_future' },
    ],
  });
}

/**
 * Creates an API key that acts for the signed-in person who makes it, within its scopes; the secret is
 * returned once and only its SHA-256 is stored. Keys are made by people, not by other keys, so every key
 * stops with a person's membership.
 */
export async function createApiKey(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  input: CreateApiKey,
): Promise<CreatedApiKey> {
  if (auth.via !== 'session' || !auth.userId)
    throw new AppError('forbidden', { detail: 'API keys are created by a signed-in person.' });
  const role: Role = input.role ?? auth.role;
  if (!hasRole(auth.role, role))
    throw new AppError('forbidden', { detail: `A ${auth.role} cannot create a key with the ${role} role.` });
  const now = deps.now();
  const expiresAt = checkExpiry(input.expiresAt, now);
  const scopes = [...input.scopes];
  const id = deps.newId('key');
  const prefix = randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 8);
  const key = `lg_${prefix}_${randomToken(32)}`;
  await db.transaction(async (tx) => {
    await tx.insert(apiKeys).values({
      id,
      organizationId: auth.organizationId,
      name: input.name,
      prefix,
      keyHash: await sha256(key),
      role,
      scopes,
      expiresAt,
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
        data: { name: input.name, role, scopes, prefix, expiresAt: expiresAt?.toISOString() ?? null },
      },
    ]);
  });
  return {
    id,
    name: input.name,
    role,
    scopes,
    prefix,
    key,
    expiresAt: expiresAt?.toISOString() ?? null,
    createdAt: now.toISOString(),
  };
}

/** The organization's keys that are not revoked (expired ones included, so they can be seen and revoked). */
export async function listApiKeys(db: Db, organizationId: string): Promise<ApiKey[]> {
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      scopes: apiKeys.scopes,
      prefix: apiKeys.prefix,
      lastUsedAt: apiKeys.lastUsedAt,
      lastUsedIp: apiKeys.lastUsedIp,
      expiresAt: apiKeys.expiresAt,
      creatorId: users.id,
      creatorName: users.name,
      createdAt: apiKeys.createdAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(inOrg(apiKeys, organizationId, isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(({ creatorId, creatorName, ...r }) => ({
    ...r,
    scopes: r.scopes as ApiScope[],
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    createdBy: creatorId ? { id: creatorId, name: creatorName ?? '' } : null,
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
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
    if (revoked.length === 0) throw new AppError('not-found', { detail: `No API key ${id}.` });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'api_key',
        entityId: id,
        type: 'api_key.revoked',
        actor: actorOf(auth),
        at: now,
        data: { name: revoked[0]!.name, prefix: revoked[0]!.prefix },
      },
    ]);
  });
}

/** What a bearer key resolves to: the caller, or why it is refused. */
export type KeyResolution =
  | { ok: true; auth: Auth }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'expired'; expiredAt: string };

/**
 * Resolves `Authorization: Bearer lg_…`. Unknown, malformed and revoked keys, and keys whose creator is no
 * longer an active member, are `unknown`; a key past its expiry is `expired`. The key acts with its own role
 * or its creator's current one, whichever is less, within its scopes. Its last use (time and address) is
 * written only when the stored one is a minute old, so a busy key costs one read per request.
 */
export async function resolveApiKey(
  db: Db,
  key: string,
  { now, ip }: { now: Date; ip: string | null },
): Promise<KeyResolution> {
  if (!KEY_PATTERN.test(key)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select({
      id: apiKeys.id,
      organizationId: apiKeys.organizationId,
      role: apiKeys.role,
      scopes: apiKeys.scopes,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      creatorRole: memberships.role,
      creatorStatus: memberships.status,
    })
    .from(apiKeys)
    .leftJoin(
      memberships,
      and(eq(memberships.organizationId, apiKeys.organizationId), eq(memberships.userId, apiKeys.createdBy)),
    )
    .where(and(eq(apiKeys.keyHash, await sha256(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  // A key stops with its creator's membership (deactivated or removed), on the very next request.
  if (row?.creatorStatus !== 'active' || !row.creatorRole) return { ok: false, reason: 'unknown' };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
    return { ok: false, reason: 'expired', expiredAt: row.expiresAt.toISOString() };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS)
    await noteUse(db, row.id, now, ip);
  return {
    ok: true,
    auth: {
      organizationId: row.organizationId,
      userId: null,
      apiKeyId: row.id,
      role: lesserRole(row.role, row.creatorRole),
      scopes: row.scopes as ApiScope[],
      via: 'api_key',
      csrfToken: null,
    },
  };
}

/** Records a use; concurrent requests of the same minute write once (the condition is checked again). */
async function noteUse(db: Db, id: string, now: Date, ip: string | null): Promise<void> {
  const since = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now, lastUsedIp: ip?.slice(0, 64) ?? null })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), sql`${apiKeys.lastUsedAt} <= ${since.toISOString()}::timestamptz`),
      ),
    );
}
