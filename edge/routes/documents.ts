import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import {
  DocumentListSchema,
  DocumentParamSchema,
  DocumentSchema,
  DocumentUploadSchema,
} from '../contract/workspace-activity';
import { AppError } from '../core/errors';
import { attachmentDisposition, safeContentType, safeFileName } from '../core/files';
import type { AppEnv, Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { bodyGuard } from '../http/middleware/body-guard';
import { readMultipart } from '../http/multipart';
import { router } from '../http/validation';
import { recordAccessLater } from '../services/audit/access';
import {
  deleteDocument,
  listDocuments,
  MAX_DOCUMENT_BYTES,
  openDocument,
  type Upload,
  uploadDocument,
} from '../services/leads/documents';

/** The upload route's path: the app's JSON body limit does not apply to it (see createApp). */
export const DOCUMENT_UPLOAD_PATH = /^\/api\/leads\/[^/]+\/documents$/;

/** The file plus the multipart framing around it. */
const UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024;

/** Reads the `file` part of a multipart upload, with its name and type made safe to keep and send back. */
async function readUpload(c: Context<AppEnv>): Promise<Upload> {
  const form = await readMultipart(c);
  const file = form.file;
  if (!(file instanceof File) || file.size === 0) {
    const detail = file instanceof File ? 'The file is empty' : 'Attach the file in a part named `file`';
    throw new AppError('validation-failed', {
      detail,
      errors: [{ pointer: '/file', detail, code: 'required' }],
    });
  }
  if (file.size > MAX_DOCUMENT_BYTES)
    throw new AppError('payload-too-large', {
      detail: `A document may have at most ${MAX_DOCUMENT_BYTES} bytes.`,
    });
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { name: safeFileName(file.name), contentType: safeContentType(file.type), bytes };
}

/** Files attached to a lead: bytes in the document store, metadata and links in Postgres. */
export function documentRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/documents',
        tags: ['documents'],
        summary: `Upload a document (multipart, part \`file\`, at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB)`,
        // Authenticated before the body is read, so nobody unauthenticated makes the server buffer 10 MB.
        middleware: [...secured(deps, 'member'), bodyGuard(UPLOAD_BODY_LIMIT)],
        request: {
          params: LeadIdParamSchema,
          body: {
            required: false,
            content: {
              'multipart/form-data': { schema: DocumentUploadSchema },
            },
          },
        },
        responses: {
          201: { description: 'Stored', content: json(DocumentSchema) },
          ...problemResponses(400, 401, 403, 404, 413, 415, 422, 429),
        },
      }),
      async (c) => {
        const upload = await readUpload(c);
        const id = c.req.valid('param').id;
        return c.json(await uploadDocument(deps, c.get('db'), c.get('auth'), id, upload), 201);
      },
    )
    .route('/', documentFileRoutes(deps));
}

/** Listing, downloading and deleting a lead's documents. */
function documentFileRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/documents',
        tags: ['documents'],
        middleware: secured(deps),
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'Documents, newest first', content: json(DocumentListSchema) },
          ...problemResponses(401, 404, 429),
        },
      }),
      async (c) =>
        c.json(await listDocuments(c.get('db'), c.get('auth').organizationId, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/documents/{documentId}',
        tags: ['documents'],
        summary: 'Download (always as an attachment)',
        middleware: secured(deps),
        request: { params: DocumentParamSchema },
        responses: {
          200: {
            description: 'The file',
            content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          ...problemResponses(401, 404, 429),
        },
      }),
      async (c) => {
        const { id, documentId } = c.req.valid('param');
        const { info, stored } = await openDocument(
          deps,
          c.get('db'),
          c.get('auth').organizationId,
          id,
          documentId,
        );
        recordAccessLater(
          c.get('defer'),
          deps,
          c.get('db'),
          c.get('auth'),
          [{ leadId: id, kind: 'document', documentId }],
          'GET /api/leads/{id}/documents/{documentId}',
        );
        return c.body(stored.body, 200, {
          'Content-Type': info.contentType,
          'Content-Length': String(stored.size),
          'Content-Disposition': attachmentDisposition(info.name),
          // Uploaded content never runs on our origin: not sniffed, sandboxed, and personal data is not cached.
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "sandbox; default-src 'none'",
          'Cache-Control': 'private, no-store',
          ETag: `"${info.sha256}"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/leads/{id}/documents/{documentId}',
        tags: ['documents'],
        summary: 'Detach a document from the lead (deleted when nothing else links it)',
        middleware: secured(deps, 'member'),
        request: { params: DocumentParamSchema },
        responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        const { id, documentId } = c.req.valid('param');
        await deleteDocument(deps, c.get('db'), c.get('auth'), id, documentId);
        return c.body(null, 204);
      },
    );
}
