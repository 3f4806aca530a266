import { createRoute, type z } from '@hono/zod-openapi';
import {
  AllowOriginSchema,
  CreateFormSchema,
  FormIdParamSchema,
  FormListSchema,
  FormSchema,
  RefusedOriginListSchema,
  UpdateFormSchema,
} from '../contract/forms-admin';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { allowOrigin, listRefusedOrigins } from '../services/admin/form-origins';
import {
  createFormAsAdmin,
  getForm,
  listForms,
  setFormStatus,
  updateFormAsAdmin,
} from '../services/admin/forms';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** Enabling and disabling: the same shape twice, so the two routes cannot drift apart. */
function statusRoute(deps: Deps, action: 'enable' | 'disable') {
  return createRoute({
    method: 'post',
    path: `/api/forms/{id}/${action}`,
    tags: ['forms'],
    summary:
      action === 'disable'
        ? 'Take a form offline: its public endpoints answer 404 until it is enabled again'
        : 'Put a disabled form back online',
    middleware: secured(deps, 'admin'),
    request: { params: FormIdParamSchema },
    responses: {
      200: { description: 'The form', content: json(FormSchema) },
      ...problemResponses(401, 403, 404, 429),
    },
  });
}

/**
 * The organization's public forms, as marketing edits them: everyone signed in may read them (to copy a
 * snippet), admins and owners change them. Every change drops the form from the submission path's cache.
 */
export function formAdminRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/forms',
        tags: ['forms'],
        middleware: secured(deps),
        responses: {
          200: { description: 'Every form, oldest first', content: json(FormListSchema) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ items: await listForms(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/forms/{id}',
        tags: ['forms'],
        middleware: secured(deps),
        request: { params: FormIdParamSchema },
        responses: {
          200: { description: 'The form', content: json(FormSchema) },
          ...problemResponses(400, 401, 404, 429),
        },
      }),
      async (c) =>
        c.json(await getForm(c.get('db'), c.get('auth').organizationId, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/forms',
        tags: ['forms'],
        summary: 'Create a form; settings left out take their defaults',
        middleware: admin,
        request: body(CreateFormSchema),
        responses: {
          201: { description: 'Created', content: json(FormSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(await createFormAsAdmin(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/forms/{id}',
        tags: ['forms'],
        summary: 'Change some settings; the ones sent replace the stored ones (arrays and texts whole)',
        middleware: admin,
        request: { params: FormIdParamSchema, ...body(UpdateFormSchema) },
        responses: {
          200: { description: 'The updated form', content: json(FormSchema) },
          ...problemResponses(400, 401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(
          await updateFormAsAdmin(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')),
          200,
        );
      },
    )
    .openapi(statusRoute(deps, 'disable'), async (c) =>
      c.json(await setFormStatus(deps, c.get('db'), c.get('auth'), c.req.valid('param').id, 'disabled'), 200),
    )
    .openapi(statusRoute(deps, 'enable'), async (c) =>
      c.json(await setFormStatus(deps, c.get('db'), c.get('auth'), c.req.valid('param').id, 'active'), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/forms/{id}/refused-origins',
        tags: ['forms'],
        summary:
          'Origins the form refused lately (the 20 most recently seen): pages that embed it without leave',
        middleware: admin,
        request: { params: FormIdParamSchema },
        responses: {
          200: { description: 'Refused origins, newest first', content: json(RefusedOriginListSchema) },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        const items = await listRefusedOrigins(c.get('db'), organizationId, c.req.valid('param').id);
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/forms/{id}/allowed-origins',
        tags: ['forms'],
        summary:
          'Allow one more origin (e.g. a refused one, in one click); it leaves the refused list. Idempotent',
        middleware: admin,
        request: { params: FormIdParamSchema, ...body(AllowOriginSchema) },
        responses: {
          200: { description: 'The form', content: json(FormSchema) },
          ...problemResponses(400, 401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await allowOrigin(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 200);
      },
    );
}
