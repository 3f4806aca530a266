import { createRoute, type z } from '@hono/zod-openapi';
import {
  AccountDetailSchema,
  AccountListSchema,
  ContactDetailSchema,
  ContactListSchema,
  CrmIdParamSchema,
  CrmListQuerySchema,
  OpportunityDetailSchema,
  OpportunityListSchema,
  UpdateOpportunitySchema,
} from '../contract/crm';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { versionTag } from '../http/versions';
import { getOpportunity, listOpportunities } from '../services/crm/opportunities';
import { getAccount, getContact, listAccounts, listContacts } from '../services/crm/records';
import { updateOpportunity } from '../services/crm/update-opportunity';

function listRoute<P extends string, S extends z.ZodType>(deps: Deps, path: P, schema: S, tag: string) {
  return createRoute({
    method: 'get',
    path,
    tags: [tag],
    summary: `Search ${tag} by name`,
    middleware: secured(deps),
    request: { query: CrmListQuerySchema },
    responses: { 200: { description: 'Matches', content: json(schema) }, ...problemResponses(400, 401, 429) },
  });
}

function getRoute<P extends string, S extends z.ZodType>(deps: Deps, path: P, schema: S, tag: string) {
  return createRoute({
    method: 'get',
    path,
    tags: [tag],
    middleware: secured(deps),
    request: { params: CrmIdParamSchema },
    responses: {
      200: { description: 'The record', content: json(schema) },
      ...problemResponses(400, 401, 404, 429),
    },
  });
}

/** Accounts, contacts and opportunities (made by lead conversion): lists, details, opportunity edits. */
export function crmRoutes(deps: Deps) {
  return router()
    .openapi(listRoute(deps, '/api/accounts', AccountListSchema, 'accounts'), async (c) =>
      c.json(await listAccounts(c.get('db'), c.get('auth').organizationId, c.req.valid('query')), 200),
    )
    .openapi(getRoute(deps, '/api/accounts/{id}', AccountDetailSchema, 'accounts'), async (c) =>
      c.json(
        await getAccount(c.get('db'), deps.pii, c.get('auth').organizationId, c.req.valid('param').id),
        200,
      ),
    )
    .openapi(listRoute(deps, '/api/contacts', ContactListSchema, 'contacts'), async (c) =>
      c.json(
        await listContacts(c.get('db'), deps.pii, c.get('auth').organizationId, c.req.valid('query')),
        200,
      ),
    )
    .openapi(getRoute(deps, '/api/contacts/{id}', ContactDetailSchema, 'contacts'), async (c) =>
      c.json(
        await getContact(c.get('db'), deps.pii, c.get('auth').organizationId, c.req.valid('param').id),
        200,
      ),
    )
    .openapi(listRoute(deps, '/api/opportunities', OpportunityListSchema, 'opportunities'), async (c) =>
      c.json(await listOpportunities(c.get('db'), c.get('auth').organizationId, c.req.valid('query')), 200),
    )
    .openapi(
      getRoute(deps, '/api/opportunities/{id}', OpportunityDetailSchema, 'opportunities'),
      async (c) => {
        const opp = await getOpportunity(c.get('db'), c.get('auth').organizationId, c.req.valid('param').id);
        return c.json(opp, 200, { ETag: versionTag(opp.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/opportunities/{id}',
        tags: ['opportunities'],
        summary: 'Change stage or amount; `version` is the one read (409 when stale)',
        middleware: secured(deps, 'member'),
        request: {
          params: CrmIdParamSchema,
          body: { required: true, content: json(UpdateOpportunitySchema) },
        },
        responses: {
          200: { description: 'The opportunity after the change', content: json(OpportunityDetailSchema) },
          ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
        },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        const opp = await updateOpportunity(deps, c.get('db'), c.get('auth'), id, c.req.valid('json'));
        return c.json(opp, 200, { ETag: versionTag(opp.version) });
      },
    );
}
