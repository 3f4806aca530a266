import { z } from '@hono/zod-openapi';
import {
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PAYLOAD_VERSION,
} from '../core/outgoing-webhooks';

const dateTime = z.string().openapi({ format: 'date-time' });

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).openapi('WebhookEventType');

const eventTypes = z
  .array(WebhookEventTypeSchema)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, { message: 'Each event type once' });

/** An endpoint URL; where it may point is checked by the service (SSRF guard, field codes on `/url`). */
const url = z
  .string()
  .trim()
  .min(1)
  .max(MAX_WEBHOOK_URL_LENGTH - 1);

export const CreateWebhookSubscriptionSchema = z
  .object({
    url,
    description: z.string().trim().max(200).optional(),
    eventTypes,
    includePersonalData: z.boolean().optional().openapi({
      description:
        'Lead events carry `data.person` (names, email, phone, company…), read at send time. Default false.',
    }),
  })
  .openapi('CreateWebhookSubscription');

export const UpdateWebhookSubscriptionSchema = z
  .object({
    url: url.optional(),
    description: z.string().trim().max(200).optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional(),
    includePersonalData: z.boolean().optional(),
  })
  .openapi('UpdateWebhookSubscription');

export const WebhookSubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(WebhookEventTypeSchema),
    enabled: z.boolean(),
    includePersonalData: z.boolean().openapi({ description: 'Lead events carry `data.person`' }),
    disabledReason: z.enum(['manual', 'failing']).nullable(),
    failingSince: dateTime.nullable(),
    /** More than one while a rotation overlaps: every secret signs each message. */
    secretCount: z.number().int(),
    pending: z.number().int().openapi({ description: 'Messages waiting to be delivered' }),
    createdAt: dateTime,
  })
  .openapi('WebhookSubscription');

export const WebhookSubscriptionListSchema = z
  .object({ items: z.array(WebhookSubscriptionSchema) })
  .openapi('WebhookSubscriptionList');

export const CreatedWebhookSubscriptionSchema = WebhookSubscriptionSchema.extend({
  secret: z.string().openapi({ description: 'The signing secret (`whsec_…`), shown once.' }),
}).openapi('CreatedWebhookSubscription');

export const WebhookSubscriptionSecretSchema = z
  .object({ secret: z.string(), secretCount: z.number().int() })
  .openapi('WebhookSubscriptionSecret');

export const WebhookAttemptSchema = z
  .object({
    id: z.string(),
    attempt: z.number().int(),
    replay: z.boolean(),
    url: z.string(),
    requestHeaders: z.record(z.string(), z.string()),
    responseStatus: z.number().int().nullable(),
    responseExcerpt: z.string().nullable(),
    error: z
      .string()
      .nullable()
      .openapi({ description: '`blocked-target`, `timeout`, `network`, `redirect`' }),
    durationMs: z.number().int(),
    createdAt: dateTime,
  })
  .openapi('WebhookAttempt');

export const WebhookMessageSchema = z
  .object({
    id: z.string().openapi({ description: 'The `webhook-id`: the same on every attempt and replay' }),
    subscriptionId: z.string(),
    eventType: WebhookEventTypeSchema,
    leadId: z.string().nullable(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: dateTime.nullable(),
    deliveredAt: dateTime.nullable(),
    parkedAt: dateTime.nullable().openapi({
      description:
        'Workers: when the delivery queue last gave up on the message and parked it in its dead-letter ' +
        'queue; a pending message is still sent by a later dispatch',
    }),
    parkedReason: z.enum(['queue-retries-exhausted']).nullable(),
    createdAt: dateTime,
    /** The body as stored (without `person`, which is added at send time when the endpoint asks for it). */
    body: z.string(),
    log: z.array(WebhookAttemptSchema),
  })
  .openapi('WebhookMessage');

export const WebhookMessageListSchema = z
  .object({ items: z.array(WebhookMessageSchema) })
  .openapi('WebhookMessageList');

export const WebhookMessageQuerySchema = z.object({
  subscriptionId: z
    .string()
    .max(64)
    .optional()
    .openapi({ param: { name: 'subscriptionId', in: 'query' } }),
  status: z
    .enum(['pending', 'delivered', 'failed'])
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
});

export const WebhookIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** What every webhook body is: the versioned envelope. Documented in the OpenAPI `webhooks` section. */
export const WebhookLeadSnapshotSchema = z
  .object({
    id: z.string(),
    status: z.string().optional(),
    score: z.number().int().optional(),
    assignedTo: z.string().optional(),
    source: z.string().optional(),
    campaign: z.string().optional(),
    formId: z.string().optional(),
    country: z.string().optional(),
    tags: z.array(z.string()).optional(),
    createdAt: dateTime.optional(),
    version: z.number().int().optional(),
  })
  .openapi('WebhookLeadSnapshot', {
    description:
      'The lead when the event happened, without personal data (names, email, phone): read those with ' +
      '`GET /api/leads/{id}` and an API key, or let the endpoint receive `data.person` ' +
      '(`includePersonalData`). Erased leads carry only their id.',
  });

/** The lead's personal data, for endpoints that asked for it (`includePersonalData`). */
export const WebhookPersonSchema = z
  .object({
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    company: z.string().optional(),
    title: z.string().optional(),
    industry: z.string().optional(),
    country: z.string().optional(),
    region: z.string().optional(),
    city: z.string().optional(),
  })
  .openapi('WebhookPerson', {
    description:
      'Only for endpoints with `includePersonalData`: the lead as it is when the attempt is sent (not when ' +
      'the event happened), empty fields left out. Absent once the lead is erased, also on retries and ' +
      'replays of earlier events; never in the delivery log, which keeps the body without it.',
  });

/** The `data` of one event type, beside the fields every lead event has. */
const leadData = (extra: z.ZodRawShape, { person = true }: { person?: boolean } = {}) =>
  z.object({
    eventId: z.string(),
    actor: z.object({
      type: z.enum(['user', 'api_key', 'system', 'public', 'webhook']),
      id: z.string().optional(),
    }),
    lead: WebhookLeadSnapshotSchema,
    ...(person ? { person: WebhookPersonSchema.optional() } : {}),
    ...extra,
  });

const envelope = (type: (typeof WEBHOOK_EVENT_TYPES)[number], data: z.ZodType) =>
  z
    .object({
      type: z.literal(type),
      timestamp: dateTime.openapi({ description: 'When the event happened' }),
      version: z.literal(WEBHOOK_PAYLOAD_VERSION),
      data,
    })
    .openapi(`Webhook_${type.replace('.', '_')}`);

/** Each event type's body, for the OpenAPI document's `webhooks` section. */
export const WEBHOOK_PAYLOADS = {
  'lead.created': envelope('lead.created', leadData({ importId: z.string().optional() })),
  'lead.updated': envelope(
    'lead.updated',
    leadData({
      changed: z.array(z.string()).optional().openapi({ description: 'Names of the changed fields' }),
      resubmitted: z.boolean().optional(),
      importId: z.string().optional(),
    }),
  ),
  'lead.status_changed': envelope(
    'lead.status_changed',
    leadData({ from: z.string(), to: z.string(), lossReason: z.string().optional() }),
  ),
  'lead.assigned': envelope(
    'lead.assigned',
    leadData({ from: z.string().optional(), to: z.string().optional(), claimed: z.boolean().optional() }),
  ),
  'lead.converted': envelope(
    'lead.converted',
    leadData({
      accountId: z.string().optional(),
      contactId: z.string().optional(),
      opportunityId: z.string().optional(),
    }),
  ),
  'lead.merged': envelope('lead.merged', leadData({ mergedIds: z.array(z.string()) })),
  'lead.erased': envelope(
    'lead.erased',
    leadData({ reason: z.enum(['request', 'retention']) }, { person: false }),
  ),
  'import.completed': envelope(
    'import.completed',
    z.object({
      eventId: z.string(),
      actor: z.object({ type: z.string(), id: z.string().optional() }),
      importId: z.string(),
      counts: z.record(z.string(), z.number()),
    }),
  ),
} satisfies Record<(typeof WEBHOOK_EVENT_TYPES)[number], z.ZodType>;

export type CreateWebhookSubscription = z.infer<typeof CreateWebhookSubscriptionSchema>;
export type UpdateWebhookSubscription = z.infer<typeof UpdateWebhookSubscriptionSchema>;
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;
export type CreatedWebhookSubscription = z.infer<typeof CreatedWebhookSubscriptionSchema>;
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;
export type WebhookPerson = z.infer<typeof WebhookPersonSchema>;
