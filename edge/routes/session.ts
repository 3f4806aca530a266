import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { PasswordResetConfirmSchema, PasswordResetRequestSchema } from '../contract/people';
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
import { revokeLiveLater } from '../live/revoke';
import { confirmPasswordReset, requestPasswordReset } from '../services/people/password-reset';
import { type LoginResult, logout, resolveSession } from '../services/people/sessions';
import { setupNeeded } from '../services/people/setup';
import { login } from '../services/people/sign-in';

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

/** Email + password sign-in, the current session, sign-out, and a forgotten password's reset by email. */
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
          ...problemResponses(400, 401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const result = await login(deps, c.get('db'), {
          ...body,
          userAgent: c.req.header('user-agent') ?? null,
          ip: deps.clientIp(c),
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
        description:
          'Not signed in: 401 `unauthenticated`, or `setup-required` while no organization exists (the ' +
          'dashboard then offers the first-run setup instead of a sign-in).',
      }),
      async (c) => {
        const token = readSessionToken(c);
        const db = c.get('db');
        const resolved = token ? await resolveSession(db, token, deps.now(), { ip: deps.clientIp(c) }) : null;
        if (resolved) return c.json(resolved.session, 200);
        if (await setupNeeded(db))
          throw new AppError('setup-required', {
            detail: 'No organization exists yet: run the first-run setup.',
          });
        throw new AppError('unauthenticated', { detail: 'Not signed in.' });
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
        revokeLiveLater(c, deps);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        deleteCookie(c, SECURE_SESSION_COOKIE, { path: '/', secure: true });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/password-reset',
        tags: ['session'],
        summary: 'Email a password-reset link (the same answer whether or not the address has an account)',
        request: { body: { required: true, content: json(PasswordResetRequestSchema) } },
        responses: {
          202: { description: 'If the address has an account, a link is on its way' },
          ...problemResponses(400, 415, 422, 429),
        },
      }),
      async (c) => {
        const { email } = c.req.valid('json');
        await requestPasswordReset(deps, c.get('db'), { email, ip: deps.clientIp(c) });
        return c.body(null, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/password-reset/confirm',
        tags: ['session'],
        summary: "Set a new password with a reset link's token; every session of the person ends",
        request: { body: { required: true, content: json(PasswordResetConfirmSchema) } },
        responses: {
          204: { description: 'The password is set; sign in with it' },
          ...problemResponses(400, 404, 410, 415, 422),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        await confirmPasswordReset(deps, c.get('db'), { ...body, ip: deps.clientIp(c) });
        return c.body(null, 204);
      },
    );
}
