import { z } from '@hono/zod-openapi';

/** One email of the outbox, rendered as the recipient gets it. */
export const OutboxItemSchema = z
  .object({
    id: z.string(),
    template: z.string().nullable(),
    to: z.object({ email: z.string(), name: z.string() }).nullable(),
    subject: z.string(),
    text: z.string(),
    status: z.string().openapi({ description: '`pending`, `sent` or `failed`' }),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    sentAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('OutboxItem');

export const OutboxListSchema = z.object({ items: z.array(OutboxItemSchema) }).openapi('OutboxList');

export type OutboxItem = z.infer<typeof OutboxItemSchema>;
export type OutboxList = z.infer<typeof OutboxListSchema>;
