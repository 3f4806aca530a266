import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  CreateMappingTemplateSchema,
  ImportIdParamSchema,
  ImportJobSchema,
  ImportMappingSchema,
  ImportPreviewQuerySchema,
  ImportPreviewSchema,
  ImportSettingsSchema,
  ImportUploadSchema,
  MappingTemplateListSchema,
  MappingTemplateSchema,
  PossibleDuplicateChoiceSchema,
} from '../contract/imports';
import { fieldErrors, invalidTextErrors } from '../contract/issues';
import { problemResponses } from '../contract/problem';
import { MAX_IMPORT_BYTES } from '../core/csv-import';
import { AppError } from '../core/errors';
import type { AppEnv, Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { bodyGuard } from '../http/middleware/body-guard';
import { readMultipart } from '../http/multipart';
import { router } from '../http/validation';
import { choosePossibleDuplicates } from '../services/import/choices';
import {
  errorReport,
  jobView,
  listTemplates,
  previewRows,
  saveTemplate,
  templateCsv,
} from '../services/import/files';
import {
  cancelImport,
  createImport,
  getImport,
  type NewImport,
  previewImport,
  startCommit,
  updateImportSettings,
} from '../services/import/jobs';
import { type ImportMessage, runImportCommit } from '../services/import/run';

/** The upload route's path: the app's JSON body limit does not apply to it (see createApp). */
export const IMPORT_UPLOAD_PATH = /^\/api\/leads\/imports$/;

/**
 * Import is the owner's (the PRD's RBAC: "Owner: admin + import, merge, bulk delete"): it creates and overwrites leads by the thousand. Reading the template needs no more than a
 * signed-in user.
 */
const IMPORT_ROLE = 'owner';

const csvContent = { 'text/csv': { schema: z.string() } };
const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}"`,
  'cache-control': 'private, no-store',
});

async function readImportUpload(c: Context<AppEnv>): Promise<NewImport> {
  const form = await readMultipart(c);
  const file = form.file;
  if (!(file instanceof File)) {
    const detail = 'Attach the CSV file in a part named `file`.';
    throw new AppError('validation-failed', {
      detail,
      errors: [{ pointer: '/file', detail, code: 'required' }],
    });
  }
  const options = ImportUploadSchema.omit({ file: true }).safeParse(form);
  if (!options.success)
    throw new AppError('validation-failed', {
      detail: 'Invalid upload options.',
      errors: fieldErrors(options.error.issues),
    });
  let mapping: NewImport['mapping'];
  if (options.data.mapping) {
    const parsed = ImportMappingSchema.safeParse(safeJson(options.data.mapping));
    const errors = parsed.success
      ? invalidTextErrors(parsed.data, ['mapping'])
      : fieldErrors(parsed.error.issues, { base: ['mapping'] });
    if (errors.length || !parsed.success)
      throw new AppError('validation-failed', { detail: 'The mapping is not valid.', errors });
    mapping = parsed.data;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return {
    bytes,
    filename: file.name || 'import.csv',
    mapping,
    policy: options.data.policy,
    encoding: options.data.encoding,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Where a commit goes: the configured queue, or (no runner configured) deferred past the response. */
function enqueuer(deps: Deps, c: Context<AppEnv>) {
  return async (m: ImportMessage) => {
    if (deps.jobs) return deps.jobs.enqueue(m);
    c.get('defer')(runImportCommit(deps, c.get('db'), m));
  };
}

/** CSV import: upload → (mapping) → dry run → commit in the background → summary and error report. */
export function importRoutes(deps: Deps) {
  const admin = secured(deps, IMPORT_ROLE);
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/imports/template.csv',
        tags: ['imports'],
        summary: 'A CSV template with every importable column',
        middleware: secured(deps),
        responses: { 200: { description: 'Template', content: csvContent }, ...problemResponses(401, 429) },
      }),
      async (c) => c.body(templateCsv(), 200, csvHeaders('leads-template.csv')),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/imports/templates',
        tags: ['imports'],
        summary: 'Saved column mappings',
        middleware: admin,
        responses: {
          200: { description: 'Templates', content: json(MappingTemplateListSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => c.json({ items: await listTemplates(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/imports/templates',
        tags: ['imports'],
        middleware: admin,
        request: { body: { required: true, content: json(CreateMappingTemplateSchema) } },
        responses: {
          201: { description: 'Saved', content: json(MappingTemplateSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => c.json(await saveTemplate(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/imports',
        tags: ['imports'],
        summary: `Upload a CSV file (multipart, part \`file\`; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB, 50,000 rows)`,
        // Authenticated before the body is read, so nobody unauthenticated makes the server buffer 100 MB.
        middleware: [...admin, bodyGuard(MAX_IMPORT_BYTES + 1024 * 1024)],
        request: {
          body: { required: false, content: { 'multipart/form-data': { schema: ImportUploadSchema } } },
        },
        responses: {
          201: { description: 'Job created, rows staged', content: json(ImportJobSchema) },
          ...problemResponses(400, 401, 403, 413, 415, 422, 429),
        },
      }),
      async (c) => {
        const input = await readImportUpload(c);
        return c.json(jobView(await createImport(deps, c.get('db'), c.get('auth'), input)), 201);
      },
    )
    .route('/', importJobRoutes(deps));
}

function importJobRoutes(deps: Deps) {
  const admin = secured(deps, IMPORT_ROLE);
  const params = { params: ImportIdParamSchema };
  const ok = { description: 'The job', content: json(ImportJobSchema) };
  /** A PUT that changes a job and answers it as it now stands. */
  const change = <P extends string, S extends z.ZodType>(path: P, summary: string, schema: S) =>
    createRoute({
      method: 'put',
      path,
      tags: ['imports'],
      summary,
      middleware: admin,
      request: { ...params, body: { required: true, content: json(schema) } },
      responses: { 200: ok, ...problemResponses(401, 403, 404, 409, 415, 422, 429) },
    });
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/imports/{id}',
        tags: ['imports'],
        middleware: admin,
        request: params,
        responses: { 200: ok, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) =>
        c.json(
          jobView(await getImport(c.get('db'), c.get('auth').organizationId, c.req.valid('param').id)),
          200,
        ),
    )
    .openapi(
      change(
        '/api/leads/imports/{id}/mapping',
        'Change the mapping and/or the duplicate policy (the dry run is redone)',
        ImportSettingsSchema,
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const job = await updateImportSettings(deps, c.get('db'), c.get('auth'), id, c.req.valid('json'));
        return c.json(jobView(job), 200);
      },
    )
    .openapi(
      change(
        '/api/leads/imports/{id}/possible-duplicates',
        'Create (linked for review) or skip the rows that only resemble another person: all, or one line',
        PossibleDuplicateChoiceSchema,
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const job = await choosePossibleDuplicates(deps, c.get('db'), c.get('auth'), id, c.req.valid('json'));
        return c.json(jobView(job), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/imports/{id}/preview',
        tags: ['imports'],
        summary:
          'The dry run: per row create / update / duplicate_in_file / skip / invalid, with reason and line',
        middleware: admin,
        request: { ...params, query: ImportPreviewQuerySchema },
        responses: {
          200: { description: 'Preview', content: json(ImportPreviewSchema) },
          ...problemResponses(400, 401, 403, 404, 409, 429),
        },
      }),
      async (c) => {
        const job = await previewImport(
          deps,
          c.get('db'),
          c.get('auth').organizationId,
          c.req.valid('param').id,
        );
        const page = await previewRows(deps, c.get('db'), job, c.req.valid('query'));
        return c.json({ job: jobView(job), totals: job.counts, ...page }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/imports/{id}/commit',
        tags: ['imports'],
        middleware: admin,
        request: params,
        responses: { 202: ok, ...problemResponses(401, 403, 404, 409, 429) },
      }),
      async (c) => {
        const job = await startCommit(
          deps,
          c.get('db'),
          c.get('auth'),
          c.req.valid('param').id,
          enqueuer(deps, c),
        );
        return c.json(jobView(job), 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/imports/{id}/cancel',
        tags: ['imports'],
        middleware: admin,
        request: params,
        responses: { 200: ok, ...problemResponses(401, 403, 404, 409, 429) },
      }),
      async (c) =>
        c.json(jobView(await cancelImport(deps, c.get('db'), c.get('auth'), c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/imports/{id}/errors.csv',
        tags: ['imports'],
        summary: 'Rows not imported: the original cells, the line and the reason (formula cells neutralised)',
        middleware: admin,
        request: params,
        responses: {
          200: { description: 'Error report', content: csvContent },
          ...problemResponses(401, 403, 404, 429),
        },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        return c.body(
          await errorReport(deps, c.get('db'), c.get('auth').organizationId, id),
          200,
          csvHeaders(`import-${id}-errors.csv`),
        );
      },
    );
}
