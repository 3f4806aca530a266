import { createRoute, type z } from '@hono/zod-openapi';
import { LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import { DuplicateCheckQuerySchema, DuplicateCheckSchema } from '../contract/workspace';
import {
  NoteBodySchema,
  NoteListSchema,
  NoteParamSchema,
  NoteSchema,
  TimelineQuerySchema,
  TimelineSchema,
} from '../contract/workspace-activity';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { checkDuplicates } from '../services/duplicates/check';
import { addNote, deleteNote, listNotes, updateNote } from '../services/leads/notes';
import { leadTimeline } from '../services/leads/timeline';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** What happened to a lead (its timeline), the duplicate warning of the create form, and notes. */
export function leadActivityRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/timeline',
        tags: ['leads'],
        summary: 'The lead’s events, newest first, by type and date',
        middleware: secured(deps),
        request: { params: LeadIdParamSchema, query: TimelineQuerySchema },
        responses: {
          200: { description: 'A page of events', content: json(TimelineSchema) },
          ...problemResponses(400, 401, 404, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const timeline = await leadTimeline(
          c.get('db'),
          c.get('auth').organizationId,
          id,
          c.req.valid('query'),
        );
        return c.json(timeline, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/duplicates/check',
        tags: ['leads'],
        summary: 'Leads that look like the one being entered (same email or phone, or alike name + company)',
        middleware: secured(deps),
        request: { query: DuplicateCheckQuerySchema },
        responses: {
          200: { description: 'Matches, best rule first', content: json(DuplicateCheckSchema) },
          ...problemResponses(400, 401, 429),
        },
      }),
      async (c) =>
        c.json(
          await checkDuplicates(deps, c.get('db'), c.get('auth').organizationId, c.req.valid('query')),
          200,
        ),
    )
    .route('/', noteRoutes(deps));
}

/** Notes on a lead: anyone reads them, those who may change the lead add them, authors and admins edit. */
function noteRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/notes',
        tags: ['notes'],
        middleware: secured(deps),
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'Notes, newest first', content: json(NoteListSchema) },
          ...problemResponses(401, 404, 429),
        },
      }),
      async (c) =>
        c.json(await listNotes(c.get('db'), c.get('auth').organizationId, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/notes',
        tags: ['notes'],
        middleware: member,
        request: { params: LeadIdParamSchema, ...body(NoteBodySchema) },
        responses: {
          201: { description: 'Added', content: json(NoteSchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await addNote(deps, c.get('db'), c.get('auth'), id, c.req.valid('json').body), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/leads/{id}/notes/{noteId}',
        tags: ['notes'],
        middleware: member,
        request: { params: NoteParamSchema, ...body(NoteBodySchema) },
        responses: {
          200: { description: 'Updated', content: json(NoteSchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id, noteId } = c.req.valid('param');
        const text = c.req.valid('json').body;
        return c.json(await updateNote(deps, c.get('db'), c.get('auth'), id, noteId, text), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/leads/{id}/notes/{noteId}',
        tags: ['notes'],
        middleware: member,
        request: { params: NoteParamSchema },
        responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        const { id, noteId } = c.req.valid('param');
        await deleteNote(deps, c.get('db'), c.get('auth'), id, noteId);
        return c.body(null, 204);
      },
    );
}
