import { createRoute } from '@hono/zod-openapi';
import {
  OrganizationDataSchema,
  OrganizationSchema,
  UpdateOrganizationDataSchema,
  UpdateOrganizationSchema,
} from '../contract/organization';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { getOrganizationData, updateOrganizationData } from '../services/people/organization-data';
import { getOrganization, updateOrganization } from '../services/people/organization-settings';

const ADMIN = problemResponses(401, 403, 429);

/** The organization's settings: name, default country, time zone, language, claiming (admins and owners). */
export function organizationRoutes(deps: Deps) {
  const organization = { 200: { description: 'The organization', content: json(OrganizationSchema) } };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/organization',
        tags: ['people'],
        summary: "The caller's organization and its settings",
        middleware: secured(deps, 'admin'),
        responses: { ...organization, ...ADMIN },
      }),
      async (c) => c.json(await getOrganization(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/organization',
        tags: ['people'],
        summary: "Change the organization's name, default country, time zone, language or claiming (audited)",
        middleware: secured(deps, 'admin'),
        request: { body: { required: true, content: json(UpdateOrganizationSchema) } },
        responses: { ...organization, ...ADMIN, ...problemResponses(422) },
      }),
      async (c) =>
        c.json(await updateOrganization(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .route('/', organizationDataRoutes(deps));
}

/** The organization's data settings: purge delay, quarantine retention, shared origins, form language. */
function organizationDataRoutes(deps: Deps) {
  const data = { 200: { description: 'The data settings', content: json(OrganizationDataSchema) } };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/organization/data',
        tags: ['people'],
        summary: "The organization's data settings",
        middleware: secured(deps, 'admin'),
        responses: { ...data, ...ADMIN },
      }),
      async (c) => c.json(await getOrganizationData(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/organization/data',
        tags: ['people'],
        summary:
          'Change the purge delay of deleted leads, the quarantine retention, the origins allowed for every form or the default form language (audited)',
        middleware: secured(deps, 'admin'),
        request: { body: { required: true, content: json(UpdateOrganizationDataSchema) } },
        responses: { ...data, ...ADMIN, ...problemResponses(415, 422) },
      }),
      async (c) =>
        c.json(await updateOrganizationData(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    );
}
