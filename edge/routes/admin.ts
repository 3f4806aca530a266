import { createRoute, type z } from '@hono/zod-openapi';
import {
  PutRoutingRulesSchema,
  RescoreResultSchema,
  RoutingRuleListSchema,
  ScoringRulesSchema,
  ScoringRulesVersionSchema,
} from '../contract/admin';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listRoutingRules, replaceRoutingRules } from '../services/admin/routing-rules';
import { getScoringRules } from '../services/admin/scoring-rules';
import { saveScoringRulesNow } from '../services/scoring/versions';
import { apiKeyRoutes } from './api-keys';
import { webhookSourceRoutes } from './webhook-sources';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** Scoring and routing configuration: everyone may read it, admins change it. */
function ruleRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/scoring-rules',
        tags: ['admin'],
        middleware: secured(deps),
        responses: {
          200: { description: 'The rules in force', content: json(ScoringRulesVersionSchema) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json(await getScoringRules(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/scoring-rules',
        tags: ['admin'],
        summary: 'Save a new version of the scoring rules and rescore every lead with it before answering',
        middleware: secured(deps, 'admin'),
        request: body(ScoringRulesSchema),
        responses: {
          200: { description: 'Saved and rescored', content: json(RescoreResultSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(await saveScoringRulesNow(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/routing-rules',
        tags: ['admin'],
        middleware: secured(deps),
        responses: {
          200: { description: 'The rules in evaluation order', content: json(RoutingRuleListSchema) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ items: await listRoutingRules(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/routing-rules',
        tags: ['admin'],
        summary: 'Replace the routing rules (evaluated in array order)',
        middleware: secured(deps, 'admin'),
        request: body(PutRoutingRulesSchema),
        responses: {
          200: { description: 'The saved rules', content: json(RoutingRuleListSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const { rules } = c.req.valid('json');
        return c.json({ items: await replaceRoutingRules(deps, c.get('db'), c.get('auth'), rules) }, 200);
      },
    );
}

/** The organization's administration: API keys, webhook sources, scoring and routing rules. */
export function adminRoutes(deps: Deps) {
  return router()
    .route('/', apiKeyRoutes(deps))
    .route('/', webhookSourceRoutes(deps))
    .route('/', ruleRoutes(deps));
}
