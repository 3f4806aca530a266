import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { problemResponses } from '../contract/problem';
import { LoginBodySchema, SessionSchema } from '../contract/session';
import { AppError } from '../core/errors';
import type { Deps } from '../deps';
import { json } from '../http/json';
import {
  authenticate,
  readSessionToken,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
} from '../http/middleware/auth';
import { router } from '../http/validation';
import { type LoginResult, login, logout, resolveSession } from '../services/people/sessions';

const sessionJson = json(SessionSchema);

/** Plain http on localhost is the only place a session cookie may go without `Secure`. */
export function isLocalHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

/** Sets the session cookie of a new session (sign-in, first-run setup, an accepted invitation). */
export function setSessionCookie(c: Context, result: Pick<LoginResult, 'token' | 'expiresAt'>): void {
  const secure = !isLocalHttp(c.req.url);
  setCookie(c, secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: result.expiresAt,
  });
}

/** Email + password sign-in, the current session, and sign-out. */
export function sessionRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/session',
        tags: ['session'],
        request: { body: { required: true, content: json(LoginBodySchema) } },
        responses: {
          200: { description: 'Signed in; the session cookie is set', content: sessionJson },
          ...problemResponses(400, 401, 415, 422),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const result = await login(deps, c.get('db'), {
          ...body,
          userAgent: c.req.header('user-agent') ?? null,
        });
        setSessionCookie(c, result);
        return c.json(result.session, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/session',
        tags: ['session'],
        responses: {
          200: { description: 'The signed-in user', content: sessionJson },
          ...problemResponses(401),
        },
      }),
      async (c) => {
        const token = readSessionToken(c);
        const resolved = token ? await resolveSession(c.get('db'), token, deps.now()) : null;
        if (!resolved) throw new AppError('unauthenticated', { detail: 'Not signed in.' });
        return c.json(resolved.session, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/session',
        tags: ['session'],
        middleware: [authenticate(deps)] as const,
        responses: { 204: { description: 'Signed out' }, ...problemResponses(401, 403) },
      }),
      async (c) => {
        await logout(deps, c.get('db'), readSessionToken(c)!, c.get('auth'));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        deleteCookie(c, SECURE_SESSION_COOKIE, { path: '/', secure: true });
        return c.body(null, 204);
      },
    );
}
