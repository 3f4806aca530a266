import type { OpenAPIHono } from '@hono/zod-openapi';
import { API_SCOPES, type ApiScope } from '../core/api-scopes';
import type { AppEnv } from '../deps';

/**
 * The scope an API key needs for each `/api` route it may call, by `METHOD /path` as the router matched it
 * (Hono's `:param` syntax). A route not listed here refuses every key (403 `api-key-scope-missing`): a new
 * route is closed to keys until someone decides which scope opens it. `test/api/api-key-scopes.test.ts`
 * checks that every entry is a real route and that every authenticated route is listed or session-only.
 */
const ROUTES_BY_SCOPE: Record<ApiScope, readonly string[]> = {
  'leads:read': [
    'GET /api/leads',
    'GET /api/leads/counts',
    'GET /api/leads/custom-keys',
    'GET /api/leads/:id',
    'GET /api/leads/:id/timeline',
    'GET /api/leads/duplicates/check',
    'GET /api/leads/:id/notes',
    'GET /api/leads/:id/documents',
    'GET /api/leads/:id/documents/:documentId',
    'GET /api/leads/:id/tasks',
    'GET /api/leads/:id/conversion-preview',
    'GET /api/tags',
    'GET /api/users',
    'GET /api/live',
    'GET /api/duplicates',
    'GET /api/reports/:kind',
    'GET /api/accounts',
    'GET /api/accounts/:id',
    'GET /api/contacts',
    'GET /api/contacts/:id',
    'GET /api/opportunities',
    'GET /api/opportunities/:id',
    'GET /api/search',
    'GET /api/tasks',
    'GET /api/tasks/summary',
    'GET /api/forms',
    'GET /api/forms/:id',
    'GET /api/scoring-rules',
    'GET /api/routing-rules',
    'GET /api/teams',
    'GET /api/leads/:id/routing',
    'GET /api/away',
  ],
  'leads:write': [
    'PATCH /api/leads/:id',
    'DELETE /api/leads/:id',
    'POST /api/leads/:id/status',
    'POST /api/leads/:id/assign',
    'POST /api/leads/:id/tags',
    'DELETE /api/leads/:id/tags/:tag',
    'POST /api/leads/:id/notes',
    'PATCH /api/leads/:id/notes/:noteId',
    'DELETE /api/leads/:id/notes/:noteId',
    'POST /api/leads/:id/claim',
    'POST /api/leads/:id/release',
    'POST /api/leads/:id/activities',
    'POST /api/leads/:id/documents',
    'DELETE /api/leads/:id/documents/:documentId',
    'POST /api/leads/:id/tasks',
    'PATCH /api/tasks/:id',
    'POST /api/tasks/:id/done',
    'DELETE /api/tasks/:id/done',
    'POST /api/tasks/:id/snooze',
    'DELETE /api/tasks/:id',
    'POST /api/leads/:id/convert',
    'PATCH /api/opportunities/:id',
    'POST /api/leads/bulk',
    'POST /api/leads/bulk/:operationId/undo',
    'POST /api/leads/merge',
    'POST /api/leads/merges/:mergeId/undo',
    'POST /api/leads/:id/erase',
    'POST /api/duplicates/scan',
    'POST /api/duplicates/:clusterId/dismiss',
  ],
  submit: ['POST /api/leads'],
  import: [
    'GET /api/leads/imports/template.csv',
    'GET /api/leads/imports/templates',
    'POST /api/leads/imports/templates',
    'POST /api/leads/imports',
    'GET /api/leads/imports/:id',
    'PUT /api/leads/imports/:id/mapping',
    'PUT /api/leads/imports/:id/possible-duplicates',
    'GET /api/leads/imports/:id/preview',
    'POST /api/leads/imports/:id/commit',
    'POST /api/leads/imports/:id/cancel',
    'GET /api/leads/imports/:id/errors.csv',
  ],
  export: ['GET /api/leads/export', 'GET /api/leads/:id/export'],
  admin: [
    'POST /api/api-keys',
    'GET /api/api-keys',
    'DELETE /api/api-keys/:id',
    'POST /api/webhook-sources',
    'GET /api/webhook-sources',
    'POST /api/webhook-sources/:id/secrets',
    'DELETE /api/webhook-sources/:id/secrets/old',
    'POST /api/webhook-sources/:id/rotate',
    'DELETE /api/webhook-sources/:id',
    'GET /api/webhook-sources/:id/deliveries',
    'PUT /api/scoring-rules',
    'PUT /api/routing-rules',
    'GET /api/quarantine',
    'POST /api/quarantine/:id/release',
    'POST /api/forms',
    'PATCH /api/forms/:id',
    'GET /api/forms/:id/refused-origins',
    'POST /api/forms/:id/allowed-origins',
    'POST /api/forms/:id/disable',
    'POST /api/forms/:id/enable',
    'GET /api/outbox',
    'GET /api/invitations',
    'POST /api/invitations',
    'POST /api/invitations/:id/resend',
    'DELETE /api/invitations/:id',
    'GET /api/members',
    'PATCH /api/members/:userId',
    'POST /api/members/:userId/deactivate',
    'POST /api/members/:userId/reactivate',
    'DELETE /api/members/:userId',
    'POST /api/teams',
    'PATCH /api/teams/:id',
    'DELETE /api/teams/:id',
    'PUT /api/teams/:id/members/:userId',
    'DELETE /api/teams/:id/members/:userId',
    'GET /api/organization',
    'PATCH /api/organization',
    'GET /api/sso',
    'PUT /api/sso',
    'DELETE /api/sso',
    'POST /api/routing-rules/explain',
    'POST /api/routing-rules/replay',
    'PUT /api/members/:userId/away',
    'GET /api/quarantine/count',
    'POST /api/quarantine/:id/discard',
    'POST /api/quarantine/bulk',
    'GET /api/scoring/versions',
    'POST /api/scoring/versions',
    'GET /api/scoring/versions/:version',
    'GET /api/scoring/versions/:version/diff',
    'POST /api/scoring/versions/:version/restore',
    'POST /api/scoring/preview',
    'GET /api/scoring/rescore',
    'GET /api/webhook-subscriptions',
    'POST /api/webhook-subscriptions',
    'PATCH /api/webhook-subscriptions/:id',
    'DELETE /api/webhook-subscriptions/:id',
    'POST /api/webhook-subscriptions/:id/secrets',
    'DELETE /api/webhook-subscriptions/:id/secrets/old',
    'GET /api/webhook-messages',
    'POST /api/webhook-messages/:id/replay',
    'GET /api/organization/data',
    'PATCH /api/organization/data',
    'GET /api/audit',
    'GET /api/audit/export',
    'GET /api/audit/settings',
    'PUT /api/audit/settings',
  ],
};

/**
 * Routes that act for a signed-in person (their session, account, notifications, saved views): an API key
 * is refused on them whatever its scopes.
 */
export const SESSION_ONLY_ROUTES: readonly string[] = [
  'GET /api/session',
  'DELETE /api/session',
  'GET /api/account',
  'PATCH /api/account',
  'POST /api/account/password',
  'GET /api/account/sessions',
  'DELETE /api/account/sessions/:id',
  'DELETE /api/session/others',
  'GET /api/notifications',
  'POST /api/notifications/read-all',
  'POST /api/notifications/:id/read',
  'GET /api/saved-views',
  'POST /api/saved-views',
  'PATCH /api/saved-views/:id',
  'DELETE /api/saved-views/:id',
];

const SCOPE_OF_ROUTE: ReadonlyMap<string, ApiScope> = new Map(
  Object.entries(ROUTES_BY_SCOPE).flatMap(([scope, routes]) =>
    routes.map((route) => [route, scope as ApiScope] as const),
  ),
);

/** Every route an API key may call, with the scope it needs (for the check's test and the API document). */
export function keyRoutes(): ReadonlyMap<string, ApiScope> {
  return SCOPE_OF_ROUTE;
}

/** The scope a key needs for `method` on the matched route `path`; null: no key may call it. */
export function scopeFor(method: string, path: string): ApiScope | null {
  return SCOPE_OF_ROUTE.get(`${method === 'HEAD' ? 'GET' : method} ${path}`) ?? null;
}

/**
 * Writes each route's scope into the OpenAPI document: the bearer scheme with the scope it needs, beside
 * the session cookie. Routes closed to keys name the session alone.
 */
export function describeKeyScopes(registry: OpenAPIHono<AppEnv>['openAPIRegistry']): void {
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`lg_…`) from Settings → API keys. It calls only the routes of its scopes: ' +
      `${API_SCOPES.join(', ')}; elsewhere 403 \`api-key-scope-missing\`.`,
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'lg_session',
    description: 'The dashboard’s session; mutations also send its CSRF token in `X-CSRF-Token`.',
  });
  for (const definition of registry.definitions) {
    if (definition.type !== 'route' || !definition.route.path.startsWith('/api/')) continue;
    const { route } = definition;
    const scope = scopeFor(route.method.toUpperCase(), route.path.replace(/\{([^}]+)\}/g, ':$1'));
    route.security = scope ? [{ session: [] }, { apiKey: [scope] }] : [{ session: [] }];
  }
}
