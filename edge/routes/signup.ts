import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { problemResponses } from '../contract/problem';
import { SessionSchema } from '../contract/session';
import {
  CompleteSignupSchema,
  SignupPreviewSchema,
  SignupRequestSchema,
  SignupStatusSchema,
  SignupTokenSchema,
} from '../contract/signup';
import type { AppEnv, Deps } from '../deps';
import { json } from '../http/json';
import { router } from '../http/validation';
import { assertSignupAllowed, completeSignup, previewSignup, requestSignup } from '../services/people/signup';
import { setSessionCookie } from './session';

/** Sign-up, where the deployment allows it (ALLOW_SIGNUP=1): a new organization for a proven address. */
export function signupRoutes(deps: Deps) {
  // Runs before the request is validated: while sign-up is off, these paths answer only 404.
  const signupOpen: MiddlewareHandler<AppEnv> = async (_c, next) => {
    assertSignupAllowed(deps);
    await next();
  };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/signup',
        tags: ['signup'],
        summary: 'Whether this server lets a visitor create an organization',
        responses: { 200: { description: 'The setting', content: json(SignupStatusSchema) } },
      }),
      async (c) => c.json({ allowed: Boolean(deps.config.allowSignup) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/signup',
        tags: ['signup'],
        summary:
          'Email a link that proves the address and opens the sign-up (the same answer whether or not the address has an account)',
        middleware: [signupOpen] as const,
        request: { body: { required: true, content: json(SignupRequestSchema) } },
        responses: {
          202: { description: 'An email is on its way' },
          ...problemResponses(400, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { email, locale } = c.req.valid('json');
        await requestSignup(deps, c.get('db'), { email, locale: locale ?? 'en', ip: deps.clientIp(c) });
        return c.body(null, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/signup/preview',
        tags: ['signup'],
        summary: 'What a sign-up link proves (the token in the body)',
        middleware: [signupOpen] as const,
        request: { body: { required: true, content: json(SignupTokenSchema) } },
        responses: {
          200: { description: 'The proven address', content: json(SignupPreviewSchema) },
          ...problemResponses(400, 404, 410, 415, 422),
        },
      }),
      async (c) => c.json(await previewSignup(deps, c.get('db'), c.req.valid('json').token), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/signup/complete',
        tags: ['signup'],
        summary: 'Create the organization and its owner with a sign-up link (signs the owner in)',
        middleware: [signupOpen] as const,
        request: { body: { required: true, content: json(CompleteSignupSchema) } },
        responses: {
          201: { description: 'Created; the session cookie is set', content: json(SessionSchema) },
          ...problemResponses(400, 404, 409, 410, 415, 422),
        },
      }),
      async (c) => {
        const result = await completeSignup(deps, c.get('db'), {
          ...c.req.valid('json'),
          userAgent: c.req.header('user-agent') ?? null,
          ip: deps.clientIp(c),
        });
        setSessionCookie(c, result);
        return c.json(result.session, 201);
      },
    );
}
