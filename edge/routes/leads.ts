import { createRoute } from '@hono/zod-openapi';
import {
  CustomKeysSchema,
  LeadCountsSchema,
  LeadDetailSchema,
  LeadFilterSchema,
  LeadIdParamSchema,
  LeadListQuerySchema,
  LeadListSchema,
} from '../contract/leads';
import { problemResponses } from '../contract/problem';
import {
  CreatedLeadSchema,
  CreateLeadSchema,
  LEAD_FIELD_NAMES,
  type LeadFields,
} from '../contract/submissions';
import { sha256 } from '../crypto/encoding';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { versionTag } from '../http/versions';
import { contactReads, recordAccessLater } from '../services/audit/access';
import { checkDuplicatesLater } from '../services/duplicates/find';
import { createLead } from '../services/leads/create';
import { listCustomKeys } from '../services/leads/custom-keys';
import { getLead } from '../services/leads/get';
import { countLeads, listLeads } from '../services/leads/list';

/** How the lead detail's access events name the way the data was read. */
const LEAD_VIA = 'GET /api/leads/{id}';

/** The SDR's lead list and lead detail, always within the caller's organization. */
export function leadRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads',
        tags: ['leads'],
        middleware: secured(deps),
        request: { query: LeadListQuerySchema },
        responses: {
          200: {
            description: 'A page of leads (best score first by default), with counts per status',
            content: json(LeadListSchema),
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) => {
        const { organizationId, userId } = c.get('auth');
        const scope = { organizationId, userId, now: deps.now() };
        return c.json(await listLeads(deps, c.get('db'), scope, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/counts',
        tags: ['leads'],
        summary: 'Leads per status for a filter (its status part ignored), each counted up to countLimit',
        middleware: secured(deps),
        request: { query: LeadFilterSchema },
        responses: {
          200: {
            description: 'The counts; a count equal to countLimit means "at least this many"',
            content: json(LeadCountsSchema),
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) => {
        const { organizationId, userId } = c.get('auth');
        const scope = { organizationId, userId, now: deps.now() };
        return c.json(await countLeads(deps, c.get('db'), scope, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/custom-keys',
        tags: ['leads'],
        summary: 'The custom attribute keys of the organization’s most recent leads (for list columns)',
        middleware: secured(deps),
        responses: {
          200: { description: 'The keys, sorted', content: json(CustomKeysSchema) },
          ...problemResponses(401),
        },
      }),
      async (c) => c.json(await listCustomKeys(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads',
        tags: ['leads'],
        summary: 'Create a lead (manual or API); an email or phone match updates the existing lead instead',
        middleware: secured(deps, 'member'),
        request: { body: { required: true, content: json(CreateLeadSchema) } },
        responses: {
          201: {
            description: 'Created or updated',
            content: json(CreatedLeadSchema),
          },
          ...problemResponses(400, 401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const fields = Object.fromEntries(
          Object.entries(body).filter(([k]) => (LEAD_FIELD_NAMES as string[]).includes(k)),
        );
        const custom = Object.fromEntries(
          Object.entries(body)
            .filter(([k]) => !(LEAD_FIELD_NAMES as string[]).includes(k))
            .map(([k, v]) => [k, String(v)]),
        );
        const key = c.req.header('idempotency-key');
        const result = await createLead(deps, c.get('db'), c.get('auth'), {
          fields: fields as LeadFields,
          custom,
          idempotency: key ? { key: key.slice(0, 255), requestHash: await sha256(await c.req.text()) } : null,
        });
        checkDuplicatesLater(c.get('defer'), deps, c.get('db'), c.get('auth').organizationId, result);
        return c.json({ id: result.leadId, receiptId: result.receiptId, outcome: result.outcome }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}',
        tags: ['leads'],
        middleware: secured(deps),
        request: { params: LeadIdParamSchema },
        responses: {
          200: {
            description: 'The lead; its `ETag` is its version, to send back as `If-Match` with a change',
            content: json(LeadDetailSchema),
          },
          ...problemResponses(400, 401, 404, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const lead = await getLead(c.get('db'), deps.pii, c.get('auth').organizationId, id);
        recordAccessLater(c.get('defer'), deps, c.get('db'), c.get('auth'), contactReads([lead]), LEAD_VIA);
        return c.json(lead, 200, { ETag: versionTag(lead.version) });
      },
    );
}
