import { z } from '@hono/zod-openapi';
import { ACTIVITY_EVENT_TYPES, CALL_OUTCOMES, EMAIL_DIRECTIONS, MAX_ACTIVITY_NOTE } from './activity-kinds';
import { plainString } from './text';

const note = plainString().trim().max(MAX_ACTIVITY_NOTE).optional();
/** When it happened; now when absent. At most a few minutes ahead of the server's clock (see the service). */
const occurredAt = z.iso.datetime({ offset: true }).optional().openapi({ format: 'date-time' });

const CallSchema = z
  .object({
    kind: z.literal('call'),
    outcome: z.enum(CALL_OUTCOMES),
    /** Up to a day. */
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    note,
    occurredAt,
  })
  .strict();

const EmailSchema = z
  .object({
    kind: z.literal('email'),
    direction: z.enum(EMAIL_DIRECTIONS),
    subject: plainString().trim().max(500).optional(),
    note,
    occurredAt,
  })
  .strict();

const MeetingSchema = z
  .object({
    kind: z.literal('meeting'),
    /** Up to a day. */
    durationMinutes: z.number().int().min(0).max(1_440).optional(),
    note,
    occurredAt,
  })
  .strict();

/** A call, an email or a meeting with the lead, logged by the rep. */
export const LogActivitySchema = z
  .discriminatedUnion('kind', [CallSchema, EmailSchema, MeetingSchema])
  .openapi('LogActivity');

/** The activity as stored: its timeline event. */
export const ActivitySchema = z
  .object({
    id: z.string(),
    type: z.enum([ACTIVITY_EVENT_TYPES.call, ACTIVITY_EVENT_TYPES.email, ACTIVITY_EVENT_TYPES.meeting]),
    at: z.string().openapi({ format: 'date-time' }),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Activity');

export type LogActivity = z.output<typeof LogActivitySchema>;
export type Activity = z.infer<typeof ActivitySchema>;
