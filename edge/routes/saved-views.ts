import { createRoute, type z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import {
  CreateSavedViewSchema,
  SavedViewListSchema,
  SavedViewParamSchema,
  SavedViewSchema,
  UpdateSavedViewSchema,
} from '../contract/saved-views';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  updateSavedView,
} from '../services/workspace/saved-views';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** Smart lists: a name and a lead-list filter, personal or shared. Any role may keep its own. */
export function savedViewRoutes(deps: Deps) {
  const anyone = secured(deps);
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/saved-views',
        tags: ['saved-views'],
        summary: 'My views and the shared ones',
        middleware: anyone,
        responses: {
          200: { description: 'Views by name', content: json(SavedViewListSchema) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json(await listSavedViews(c.get('db'), c.get('auth')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/saved-views',
        tags: ['saved-views'],
        middleware: anyone,
        request: body(CreateSavedViewSchema),
        responses: {
          201: { description: 'Saved', content: json(SavedViewSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => c.json(await createSavedView(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/saved-views/{id}',
        tags: ['saved-views'],
        middleware: anyone,
        request: { params: SavedViewParamSchema, ...body(UpdateSavedViewSchema) },
        responses: {
          200: { description: 'Updated', content: json(SavedViewSchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await updateSavedView(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/saved-views/{id}',
        tags: ['saved-views'],
        middleware: anyone,
        request: { params: SavedViewParamSchema },
        responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await deleteSavedView(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
