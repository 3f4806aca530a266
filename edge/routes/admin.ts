import { createRoute, type z } from '@hono/zod-openapi';
import {
  AdminIdParamSchema,
  PutRoutingRulesSchema,
  QuarantineListSchema,
  QuarantineQuerySchema,
  ReleasedSubmissionSchema,
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
import { getScoringRules, updateScoringRules } from '../services/admin/scoring-rules';
import { checkDuplicatesLater } from '../services/duplicates/find';
import { listQuarantine, releaseSubmission } from '../services/ingest/quarantine';
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
        summary: 'Save a new version of the scoring rules and rescore every lead with it',
        middleware: secured(deps, 'admin'),
        request: body(ScoringRulesSchema),
        responses: {
          200: { description: 'Saved and rescored', content: json(RescoreResultSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(await updateScoringRules(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
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

/** Submissions held as suspected spam: review and release. */
function quarantineRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/quarantine',
        tags: ['admin'],
        middleware: admin,
        request: { query: QuarantineQuerySchema },
        responses: {
          200: { description: 'Up to 100, newest first', content: json(QuarantineListSchema) },
          ...problemResponses(400, 401, 403, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        const items = await listQuarantine(c.get('db'), deps.pii, organizationId, c.req.valid('query'));
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/quarantine/{id}/release',
        tags: ['admin'],
        summary: 'Release a held submission into the pipeline (no spam checks)',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: {
          200: { description: 'Released', content: json(ReleasedSubmissionSchema) },
          ...problemResponses(401, 403, 404, 409, 422, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        const result = await releaseSubmission(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        checkDuplicatesLater(c.get('defer'), deps, c.get('db'), organizationId, {
          ...result,
          replayed: false,
        });
        return c.json({ leadId: result.leadId, outcome: result.outcome }, 200);
      },
    );
}

/** The organization's administration: API keys, webhook sources, scoring and routing rules, quarantine. */
export function adminRoutes(deps: Deps) {
  return router()
    .route('/', apiKeyRoutes(deps))
    .route('/', webhookSourceRoutes(deps))
    .route('/', ruleRoutes(deps))
    .route('/', quarantineRoutes(deps));
}
