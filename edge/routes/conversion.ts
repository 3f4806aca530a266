import { createRoute } from '@hono/zod-openapi';
import { ConversionPreviewSchema, ConversionSchema, ConvertLeadSchema } from '../contract/conversion';
import { LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { conversionPreview } from '../services/crm/conversion-preview';
import { convertLead } from '../services/crm/convert-lead';

/** Converting a qualified lead into an account, a contact and an opportunity, and previewing it first. */
export function conversionRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/conversion-preview',
        tags: ['conversion'],
        summary: 'What converting the lead would create: matching accounts, opportunity name, assignee',
        middleware: secured(deps),
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'The preview', content: json(ConversionPreviewSchema) },
          ...problemResponses(400, 401, 404, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        return c.json(await conversionPreview(c.get('db'), organizationId, c.req.valid('param').id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/convert',
        tags: ['conversion'],
        summary: 'Convert a qualified lead (one transaction; a repeat answers with the existing ids)',
        middleware: secured(deps, 'member'),
        request: {
          params: LeadIdParamSchema,
          body: { required: true, content: json(ConvertLeadSchema) },
        },
        responses: {
          200: { description: 'Converted already: the existing ids', content: json(ConversionSchema) },
          201: { description: 'Converted', content: json(ConversionSchema) },
          ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
        },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        const result = await convertLead(deps, c.get('db'), c.get('auth'), id, c.req.valid('json'));
        return result.alreadyConverted ? c.json(result, 200) : c.json(result, 201);
      },
    );
}
