import { z } from '@hono/zod-openapi';
import { parseDateBound } from '../core/date-range';
import { pageParams } from './page';
import { idString, plainString } from './text';

const timestamp = () => z.string().openapi({ format: 'date-time' });
const pathParam = (name: string) => idString().openapi({ param: { name, in: 'path' } });
const PersonSchema = z.object({ id: z.string(), name: z.string() }).nullable();

/** A note of a lead, by path. */
export const NoteParamSchema = z.object({ id: pathParam('id'), noteId: pathParam('noteId') });

/** A note's text, to add or replace. */
export const NoteBodySchema = z
  .object({ body: plainString().trim().min(1, 'Write something').max(10_000) })
  .strict()
  .openapi('NoteBody');

/** A note as shown on the lead. */
export const NoteSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    author: PersonSchema,
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi('Note');

/** A lead's notes, newest first. */
export const NoteListSchema = z.object({ items: z.array(NoteSchema) }).openapi('NoteList');

/** A document of a lead, by path. */
export const DocumentParamSchema = z.object({ id: pathParam('id'), documentId: pathParam('documentId') });

/** A document's metadata (the bytes are downloaded separately). */
export const DocumentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    /** Hex SHA-256 of the bytes, computed on upload. */
    sha256: z.string(),
    uploadedBy: PersonSchema,
    createdAt: timestamp(),
  })
  .openapi('Document');

/** A lead's documents, newest first. */
export const DocumentListSchema = z.object({ items: z.array(DocumentSchema) }).openapi('DocumentList');

/**
 * The multipart upload: one `file` part. Typed unknown, since the route reads and checks the part itself
 * (a File, not empty, within the limit) and answers each failure with its own problem.
 */
export const DocumentUploadSchema = z
  .object({ file: z.unknown().openapi({ type: 'string', format: 'binary' }) })
  .openapi('DocumentUpload');

function bound(end: 'start' | 'end') {
  return z.string().transform((text, ctx) => {
    const at = parseDateBound(text, end);
    if (!at) ctx.addIssue({ code: 'custom', message: 'Expected YYYY-MM-DD or an ISO 8601 timestamp' });
    return at ?? z.NEVER;
  });
}

const EVENT_TYPE = /^[a-z][a-z0-9_.]{0,63}$/;

/** GET /api/leads/{id}/timeline: filter by event type and date, keyset-paginated. */
export const TimelineQuerySchema = z.object({
  type: z
    .string()
    .max(500)
    .transform((text, ctx) => {
      const types = [...new Set(text.split(',').map((t) => t.trim()))].filter(Boolean);
      if (types.length > 20 || !types.every((t) => EVENT_TYPE.test(t)))
        ctx.addIssue({
          code: 'custom',
          message: 'Comma-separated event types, like status_changed,note_added',
        });
      return types;
    })
    .optional()
    .openapi({ param: { name: 'type', in: 'query' }, description: 'Comma-separated event types.' }),
  from: bound('start')
    .optional()
    .openapi({ param: { name: 'from', in: 'query' }, description: 'On or after (date or timestamp).' }),
  to: bound('end')
    .optional()
    .openapi({ param: { name: 'to', in: 'query' }, description: 'On or before (a date: that whole day).' }),
  ...pageParams(200),
});

/** One event of the audit log, as the timeline shows it. */
export const TimelineEventSchema = z
  .object({
    id: z.string(),
    /** created, updated, status_changed, assigned, deleted, tags_changed, note_added, document_uploaded, … */
    type: z.string(),
    actor: z.object({
      type: z.enum(['user', 'api_key', 'public', 'webhook', 'system']),
      id: z.string().nullable(),
      /** The user's name, when the actor is a user who still exists. */
      name: z.string().nullable(),
    }),
    at: timestamp(),
    /** What changed, before and after (email and phone changes only say that they changed). */
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEvent');

/** A page of a lead's timeline, newest first. */
export const TimelineSchema = z
  .object({
    items: z.array(TimelineEventSchema),
    nextCursor: z.string().nullable(),
    /** The names of the people the page's assignments name (user id → name). */
    people: z.record(z.string(), z.string()).optional(),
  })
  .openapi('Timeline');

export type TimelineQuery = z.output<typeof TimelineQuerySchema>;
export type Timeline = z.infer<typeof TimelineSchema>;
export type Note = z.infer<typeof NoteSchema>;
export type DocumentInfo = z.infer<typeof DocumentSchema>;
