import { type Context, Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { describeError } from '../db/errors';
import { AppError, ERROR_CODES, type ErrorCode } from './core/errors';
import type { AppEnv, Deps } from './deps';
import { describeKeyScopes } from './http/api-key-scopes';
import { formCorsHeaders } from './http/cors';
import { problemType } from './http/errors';
import { bodyGuard } from './http/middleware/body-guard';
import { database } from './http/middleware/database';
import { problemResponse, toProblem } from './http/problem';
import { withSecurityHeaders } from './http/security-headers';
import { router } from './http/validation';
import { adminRoutes } from './routes/admin';
import { auditRoutes } from './routes/audit';
import { bulkRoutes } from './routes/bulk';
import { conversionRoutes } from './routes/conversion';
import { crmRoutes } from './routes/crm';
import { duplicateRoutes } from './routes/duplicates';
import { exportRoutes } from './routes/export';
import { formPreflightRoutes, formRoutes } from './routes/forms';
import { formAdminRoutes } from './routes/forms-admin';
import { healthRoutes } from './routes/health';
import { hookRoutes } from './routes/hooks';
import { IMPORT_UPLOAD_PATH, importRoutes } from './routes/imports';
import { leadRoutes } from './routes/leads';
import { liveRoutes } from './routes/live';
import { notificationRoutes } from './routes/notifications';
import { organizationRoutes } from './routes/organization';
import { outboxRoutes } from './routes/outbox';
import { documentWebhooks, outgoingWebhookRoutes } from './routes/outgoing-webhooks';
import { demoRoutes, thanksRoutes } from './routes/pages';
import { accountRoutes, invitationRoutes, memberRoutes } from './routes/people';
import { quarantineRoutes } from './routes/quarantine';
import { reportRoutes } from './routes/reports';
import { routingRoutes } from './routes/routing';
import { scoringRoutes } from './routes/scoring';
import { searchRoutes } from './routes/search';
import { sessionRoutes } from './routes/session';
import { setupRoutes } from './routes/setup';
import { signupRoutes } from './routes/signup';
import { ssoRoutes } from './routes/sso';
import { taskRoutes } from './routes/tasks';
import { teamRoutes } from './routes/teams';
import { userRoutes } from './routes/users';
import { DOCUMENT_UPLOAD_PATH, workspaceRoutes } from './routes/workspace';

/** The API routes, chained so their types flow into `AppType` for the dashboard's typed client. */
function apiRoutes(deps: Deps) {
  return (
    router()
      .route('/', healthRoutes)
      .route('/', sessionRoutes(deps))
      // export first: /api/leads/export must win over /api/leads/{id}
      .route('/', exportRoutes(deps))
      .route('/', leadRoutes(deps))
      .route('/', formRoutes(deps))
      .route('/', hookRoutes(deps))
      .route('/', routingRoutes(deps))
      .route('/', adminRoutes(deps))
      .route('/', quarantineRoutes(deps))
      .route('/', scoringRoutes(deps))
      .route('/', formAdminRoutes(deps))
      .route('/', workspaceRoutes(deps))
      .route('/', userRoutes(deps))
      .route('/', notificationRoutes(deps))
      .route('/', liveRoutes(deps))
      .route('/', duplicateRoutes(deps))
      .route('/', bulkRoutes(deps))
      .route('/', reportRoutes(deps))
      .route('/', outboxRoutes(deps))
      .route('/', outgoingWebhookRoutes(deps))
      .route('/', conversionRoutes(deps))
      .route('/', crmRoutes(deps))
      .route('/', searchRoutes(deps))
      .route('/', importRoutes(deps))
      .route('/', setupRoutes(deps))
      .route('/', signupRoutes(deps))
      .route('/', invitationRoutes(deps))
      .route('/', memberRoutes(deps))
      .route('/', teamRoutes(deps))
      .route('/', accountRoutes(deps))
      .route('/', organizationRoutes(deps))
      .route('/', auditRoutes(deps))
      .route('/', ssoRoutes(deps))
      .route('/', taskRoutes(deps))
  );
}

export type AppType = ReturnType<typeof apiRoutes>;

function isDocumentUpload(c: Context): boolean {
  return c.req.method === 'POST' && DOCUMENT_UPLOAD_PATH.test(c.req.path);
}

// CSV uploads (up to 100 MB), guarded in their route after authentication.
function isImportUpload(c: Context): boolean {
  return c.req.method === 'POST' && IMPORT_UPLOAD_PATH.test(c.req.path);
}

const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Leadgate API',
    version: '0.1.0',
    description: 'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`.',
  },
} as const;

/** Builds the whole HTTP app from injected dependencies; the Workers and Node entries only supply them. */
export function createApp(deps: Deps) {
  const api = apiRoutes(deps);
  documentWebhooks(api.openAPIRegistry);
  describeKeyScopes(api.openAPIRegistry);
  // The document depends only on the routes, so it is generated and serialized once, on the first request.
  let openApiJson: string | undefined;
  api.get('/openapi.json', (c) => {
    openApiJson ??= JSON.stringify(api.getOpenAPI31Document(OPENAPI_INFO));
    return c.body(openApiJson, 200, { 'content-type': 'application/json' });
  });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    await next();
    c.res = withSecurityHeaders(c.res, new URL(c.req.url), deps.config.appUrl);
  });
  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 64 }));
  app.onError((err, c) => toProblem(err, c, deps.logger.error));
  app.notFound((c) =>
    problemResponse(c, new AppError('not-found', { detail: `No route for ${c.req.method} ${c.req.path}.` })),
  );
  app.get('/problems/:code', (c) => {
    const code = c.req.param('code');
    if (!(code in ERROR_CODES)) throw new AppError('not-found');
    return c.json({ code, ...problemType(code as ErrorCode) });
  });
  app.use(
    '*',
    database(deps.database, deps.runtime, (error) =>
      deps.logger.error('deferred task failed', { error: describeError(error) }),
    ),
  );
  // Before the body guard and validation, so that their errors, too, can be read by an allowed origin.
  app.use('/v1/forms/:formId', formCorsHeaders(deps));
  app.use('/v1/forms/:formId/*', formCorsHeaders(deps));
  // Document uploads carry files up to 10 MB and have their own guard (after authentication, in the route).
  app.use(
    '/api/*',
    bodyGuard(deps.config.maxBodyBytes, { skip: (c) => isDocumentUpload(c) || isImportUpload(c) }),
  );
  app.use('/v1/*', bodyGuard(deps.config.maxBodyBytes));
  app.route('/', formPreflightRoutes(deps));
  app.route('/', thanksRoutes);
  app.route('/', demoRoutes(deps));
  app.route('/', api);
  return app;
}
