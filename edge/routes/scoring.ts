import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ScoringRulesSchema } from '../contract/admin';
import { problemResponses } from '../contract/problem';
import {
  RescoreStateSchema,
  SavedScoringVersionSchema,
  ScoringDiffQuerySchema,
  ScoringDiffSchema,
  ScoringPreviewSchema,
  ScoringVersionListSchema,
  ScoringVersionParamSchema,
  ScoringVersionSchema,
} from '../contract/scoring';
import type { AppEnv, Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { previewScoringModel } from '../services/scoring/preview';
import { latestRescore, runRescore } from '../services/scoring/rescore-job';
import {
  diffScoringVersions,
  getScoringVersion,
  listScoringVersions,
  restoreScoringVersion,
  type SavedVersion,
  saveScoringVersion,
} from '../services/scoring/versions';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** Starts a saved version's rescore: the runner of this face, or (none configured) past the response. */
async function startInBackground(deps: Deps, c: Context<AppEnv>, saved: SavedVersion) {
  if (deps.rescores) await deps.rescores.enqueue(saved.message);
  else c.get('defer')(runRescore(deps, c.get('db'), saved.message));
  return { version: saved.version, rescore: saved.rescore };
}

/** The scoring model editor: versions, their differences, a preview of a draft, saves and the rescore. */
export function scoringRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/scoring/versions',
        tags: ['scoring'],
        summary: 'The scoring versions, newest first (at most 100)',
        middleware: admin,
        responses: {
          200: { description: 'Versions', content: json(ScoringVersionListSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) =>
        c.json({ items: await listScoringVersions(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/scoring/versions',
        tags: ['scoring'],
        summary: 'Save a model as a new version; the leads are rescored in the background',
        middleware: admin,
        request: body(ScoringRulesSchema),
        responses: {
          201: { description: 'Saved; the rescore has started', content: json(SavedScoringVersionSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const saved = await saveScoringVersion(deps, c.get('db'), c.get('auth'), c.req.valid('json'));
        return c.json(await startInBackground(deps, c, saved), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/scoring/versions/{version}',
        tags: ['scoring'],
        summary: 'One version with its whole model',
        middleware: admin,
        request: { params: ScoringVersionParamSchema },
        responses: {
          200: { description: 'The version', content: json(ScoringVersionSchema) },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        return c.json(
          await getScoringVersion(c.get('db'), organizationId, c.req.valid('param').version),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/scoring/versions/{version}/diff',
        tags: ['scoring'],
        summary: 'What changed from version `against` to this version',
        middleware: admin,
        request: { params: ScoringVersionParamSchema, query: ScoringDiffQuerySchema },
        responses: {
          200: { description: 'The changes', content: json(ScoringDiffSchema) },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        const { version } = c.req.valid('param');
        const { against } = c.req.valid('query');
        return c.json(await diffScoringVersions(c.get('db'), organizationId, version, against), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/scoring/versions/{version}/restore',
        tags: ['scoring'],
        summary: 'Save an old version again as a new version; the leads are rescored in the background',
        middleware: admin,
        request: { params: ScoringVersionParamSchema },
        responses: {
          201: { description: 'Restored as a new version', content: json(SavedScoringVersionSchema) },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { version } = c.req.valid('param');
        const saved = await restoreScoringVersion(deps, c.get('db'), c.get('auth'), version);
        return c.json(await startInBackground(deps, c, saved), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/scoring/preview',
        tags: ['scoring'],
        summary: 'What saving a draft model would do to the leads (nothing is saved)',
        middleware: admin,
        request: body(ScoringRulesSchema),
        responses: {
          200: { description: 'The preview', content: json(ScoringPreviewSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        return c.json(await previewScoringModel(deps, c.get('db'), organizationId, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/scoring/rescore',
        tags: ['scoring'],
        summary: 'The latest rescore and its progress',
        middleware: admin,
        responses: {
          200: { description: 'The latest rescore, or null', content: json(RescoreStateSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => c.json({ rescore: await latestRescore(c.get('db'), c.get('auth').organizationId) }, 200),
    );
}
