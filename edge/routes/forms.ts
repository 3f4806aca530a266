import { createRoute, z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { SubmissionReceiptSchema, SubmissionSchema } from '../contract/submissions';
import type { Deps } from '../deps';
import { router } from '../http/validation';
import { ingestSubmission } from '../services/ingest-submission';

const FormIdParamSchema = z.object({
  formId: z
    .string()
    .max(64)
    .openapi({ param: { name: 'formId', in: 'path' }, example: 'frm_demo' }),
});

/** Public form endpoints: no session; a form id is all a landing page knows. */
export function formRoutes(deps: Deps) {
  return router().openapi(
    createRoute({
      method: 'post',
      path: '/v1/forms/{formId}/submissions',
      tags: ['public'],
      summary: 'Submit a lead through a form (JSON from the widget, or a plain HTML form post)',
      request: {
        params: FormIdParamSchema,
        // Not `required`: with two media types that would run both validators on every request. A missing
        // body still fails (no last name), and an unlisted content type gets 415 from the media-type gate.
        body: {
          content: {
            'application/json': { schema: SubmissionSchema },
            'application/x-www-form-urlencoded': { schema: SubmissionSchema },
          },
        },
      },
      responses: {
        201: {
          description: 'Received',
          content: { 'application/json': { schema: SubmissionReceiptSchema } },
        },
        303: { description: 'Received (plain form post): redirect to the form’s success page' },
        ...problemResponses(400, 404, 413, 415, 422, 503),
      },
    }),
    async (c) => {
      const isJson = /json/i.test(c.req.header('content-type') ?? '');
      const input = isJson ? c.req.valid('json') : c.req.valid('form');
      const { formId } = c.req.valid('param');
      const result = await ingestSubmission(deps, c.get('db'), input, {
        formId,
        page: c.req.header('referer')?.slice(0, 2000) ?? null,
      });
      if (!isJson) return c.redirect(result.redirectUrl ?? `/v1/forms/${formId}/thanks`, 303);
      return c.json({ id: result.receiptId, status: 'received' as const }, 201);
    },
  );
}
