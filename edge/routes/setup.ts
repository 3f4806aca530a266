import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { SetupBodySchema, SetupStatusSchema } from '../contract/people';
import { problemResponses } from '../contract/problem';
import { SessionSchema } from '../contract/session';
import { AppError } from '../core/errors';
import type { AppEnv, Deps } from '../deps';
import { json } from '../http/json';
import { router } from '../http/validation';
import { openSession } from '../services/people/sessions';
import { checkSetupToken, runSetup, setupNeeded } from '../services/people/setup';
import { setSessionCookie } from './session';

const GONE = 'The setup is done: an organization exists.';

/** Runs before the request is validated: once an organization exists, this path answers only 404. */
const setupOpen: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await setupNeeded(c.get('db')))) throw new AppError('not-found', { detail: GONE });
  await next();
};

/** The first-run setup: open only while the database has no organization (404 afterwards, whatever the token). */
export function setupRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/setup',
        tags: ['setup'],
        summary: 'Whether the first-run setup is open',
        middleware: [setupOpen] as const,
        responses: {
          200: { description: 'The setup is open', content: json(SetupStatusSchema) },
          ...problemResponses(404),
        },
      }),
      async (c) => {
        return c.json({ needed: true, tokenConfigured: Boolean(deps.config.setupToken) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/setup',
        tags: ['setup'],
        summary: 'Create the first organization and its owner (signs the owner in)',
        middleware: [setupOpen] as const,
        request: { body: { required: true, content: json(SetupBodySchema) } },
        responses: {
          201: { description: 'Created; the session cookie is set', content: json(SessionSchema) },
          ...problemResponses(400, 403, 404, 415, 422, 503),
        },
      }),
      async (c) => {
        const db = c.get('db');
        const { token, ...input } = c.req.valid('json');
        checkSetupToken(deps.config.setupToken, token);
        const done = await runSetup(deps, db, input);
        if (done.outcome === 'exists') throw new AppError('not-found', { detail: GONE });
        const result = await openSession(deps, db, {
          userId: done.userId,
          organizationId: done.organizationId,
          userAgent: c.req.header('user-agent') ?? null,
          ip: deps.clientIp(c),
        });
        setSessionCookie(c, result);
        return c.json(result.session, 201);
      },
    );
}
