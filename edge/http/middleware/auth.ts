import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../../contract/session';
import { timingSafeEqual } from '../../core/base64';
import { AppError } from '../../core/errors';
import { hasRole } from '../../core/permissions';
import type { AppEnv, Deps } from '../../deps';
import { resolveApiKey } from '../../services/admin/api-keys';
import { resolveSession } from '../../services/people/sessions';
import { scopeFor } from '../api-key-scopes';
import { apiRateLimit } from './rate-limit';

export const SESSION_COOKIE = 'lg_session';
export const SECURE_SESSION_COOKIE = '__Host-lg_session';

/** The session token from either cookie name (the `__Host-` one is used over https). */
export function readSessionToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  return getCookie(c, SECURE_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates `/api` calls by API key (`Authorization: Bearer lg_…`) or session cookie. Cookie-authenticated
 * mutations must carry the session's CSRF token in `X-CSRF-Token` (a cross-site page can send the cookie,
 * but cannot read the token); API keys are not sent by browsers on their own, so they need none.
 */
export function authenticate(deps: Pick<Deps, 'now' | 'clientIp'>): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      c.set('auth', await keyCaller(c, bearer, deps));
      return next();
    }
    const token = readSessionToken(c);
    const resolved = token
      ? await resolveSession(c.get('db'), token, deps.now(), { ip: deps.clientIp(c) })
      : null;
    if (!resolved) throw new AppError('unauthenticated', { detail: 'Sign in first.' });
    const { auth } = resolved;
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!auth.csrfToken || !timingSafeEqual(sent, auth.csrfToken)) throw new AppError('csrf-failed');
    }
    c.set('auth', auth);
    await next();
  };
}

/**
 * The caller an API key stands for, once it is known to be valid (not revoked, not expired, its creator
 * still active) and to hold the scope of the route it calls.
 */
async function keyCaller(c: Context<AppEnv>, bearer: string, deps: Pick<Deps, 'now' | 'clientIp'>) {
  const resolved = await resolveApiKey(c.get('db'), bearer, { now: deps.now(), ip: deps.clientIp(c) });
  if (!resolved.ok && resolved.reason === 'expired')
    throw new AppError('api-key-expired', {
      detail: `This API key expired at ${resolved.expiredAt}; create a new one in Settings → API keys.`,
      extensions: { expiredAt: resolved.expiredAt },
    });
  if (!resolved.ok) throw new AppError('unauthenticated', { detail: 'Unknown or revoked API key.' });
  const scope = scopeFor(c.req.method, c.req.routePath);
  if (!scope)
    throw new AppError('api-key-scope-missing', {
      detail: `${c.req.method} ${c.req.routePath} is not open to API keys; sign in instead.`,
    });
  if (!resolved.auth.scopes?.includes(scope))
    throw new AppError('api-key-scope-missing', {
      detail: `This request needs an API key with the ${scope} scope.`,
      extensions: { requiredScope: scope },
    });
  return resolved.auth;
}

/** Lets the request through only for `role` or a higher one. */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    if (!hasRole(c.get('auth').role, role))
      throw new AppError('forbidden', { detail: `Requires the ${role} role.` });
    await next();
  };
}

/** The middleware of every `/api` route: authenticate, rate-limit per caller, then check the role. */
export function secured(
  deps: Pick<Deps, 'now' | 'rateLimiter' | 'config' | 'clientIp'>,
  role: Role = 'viewer',
): MiddlewareHandler<AppEnv>[] {
  return [authenticate(deps), apiRateLimit(deps), requireRole(role)];
}
