import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { OriginRefusedProblemSchema, problemResponses } from '../contract/problem';
import { PublicFormSchema } from '../contract/public-form';
import {
  FormPostSchema,
  type Submission,
  SubmissionReceiptSchema,
  SubmissionSchema,
} from '../contract/submissions';
import { AppError } from '../core/errors';
import { sha256 } from '../crypto/encoding';
import type { AppEnv, Deps } from '../deps';
import { applyFormCors, exposeRefusal, preflight } from '../http/cors';
import { json } from '../http/json';
import { enforceRateLimit } from '../http/middleware/rate-limit';
import { router } from '../http/validation';
import { checkDuplicatesLater } from '../services/duplicates/find';
import {
  type FormRecord,
  findActiveForm,
  publicFormDefinition,
  redirectAfterPost,
} from '../services/ingest/forms';
import { rememberRefusedOriginLater } from '../services/ingest/refused-origins';
import { acceptPayload, type FormPayload, submitForm } from '../services/ingest/submit-form';

const FormIdParamSchema = z.object({
  formId: z
    .string()
    .max(64)
    .openapi({ param: { name: 'formId', in: 'path' }, example: 'frm_demo' }),
});

async function activeForm(deps: Deps, c: Context<AppEnv>, formId: string): Promise<FormRecord> {
  const form = await deps.caches.forms.get(formId, () => findActiveForm(c.get('db'), formId));
  if (!form) throw new AppError('form-not-found', { detail: `No active form with id ${formId}.` });
  return form;
}

/** The app's own origin as configured (APP_URL), never as a request's Host header claims it. */
function appOrigin(deps: Deps): string | null {
  return deps.config.appUrl ? new URL(deps.config.appUrl).origin : null;
}

/** The form's CORS, remembering a refused origin for the form editor; the definition's refusal is readable. */
function formCors(deps: Deps, c: Context<AppEnv>, form: FormRecord, readableRefusal = false) {
  return {
    readableRefusal,
    appOrigin: deps.config.appUrl?.replace(/\/+$/, ''),
    onRefused: (origin: string) =>
      rememberRefusedOriginLater(c.get('defer'), deps, c.get('db'), form, origin),
  };
}

function idempotencyKey(c: Context): string | null {
  const key = c.req.header('idempotency-key') ?? null;
  if (key !== null && (key.length === 0 || key.length > 255))
    throw new AppError('invalid-parameter', {
      detail: 'Idempotency-Key must be 1–255 characters.',
      errors: [{ pointer: '/headers/idempotency-key', detail: 'Must be 1–255 characters' }],
    });
  return key;
}

/** Public form endpoints: no session; a form id is all a landing page knows. */
export function formRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/forms/{formId}',
        tags: ['public'],
        summary: 'The public form definition the widget renders (cacheable; CORS for allowed origins)',
        request: { params: FormIdParamSchema },
        responses: {
          200: { description: 'The form', content: json(PublicFormSchema) },
          304: { description: 'Not modified (If-None-Match)' },
          ...problemResponses(404),
          403: {
            description:
              'The page’s origin may not embed the form (`origin-not-allowed`). This refusal, unlike the ' +
              'submission’s, is readable by the refused origin, so the widget can say what to allow; its ' +
              '`origin`, `formId` and `editorUrl` members say which origin and where an admin allows it.',
            content: {
              'application/problem+json': { schema: OriginRefusedProblemSchema },
            },
          },
        },
      }),
      async (c) => {
        const form = await activeForm(deps, c, c.req.valid('param').formId).catch((error: unknown) => {
          // An unknown or disabled form is as final as a refused origin: the page may read that too.
          exposeRefusal(c);
          throw error;
        });
        applyFormCors(c, form, formCors(deps, c, form, true));
        const body = publicFormDefinition(form);
        const etag = `W/"${(await sha256(JSON.stringify(body))).slice(0, 22)}"`;
        c.header('ETag', etag);
        c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=600');
        if (c.req.header('if-none-match') === etag) return c.body(null, 304);
        return c.json(body, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/forms/{formId}/submissions',
        tags: ['public'],
        summary:
          'Submit a lead: JSON from the widget, or a plain HTML form post (Salesforce Web-to-Lead names too)',
        request: {
          params: FormIdParamSchema,
          // Not `required`: with two media types that would run both validators on every request. A missing
          // body still fails (no last name), and an unlisted content type gets 415 from the media-type gate.
          body: {
            content: {
              ...json(SubmissionSchema),
              'application/x-www-form-urlencoded': { schema: FormPostSchema },
              'multipart/form-data': { schema: FormPostSchema },
            },
          },
        },
        responses: {
          201: {
            description: 'Received',
            content: json(SubmissionReceiptSchema),
          },
          303: { description: 'Received (plain form post): redirect to the success page' },
          ...problemResponses(400, 403, 404, 413, 415, 422, 429, 503),
        },
      }),
      async (c) => {
        const form = await activeForm(deps, c, c.req.valid('param').formId);
        applyFormCors(c, form, formCors(deps, c, form));
        const ip = deps.clientIp(c);
        await enforceRateLimit(c, deps.rateLimiter, {
          policy: 'form-ip',
          key: `form-ip:${form.id}:${ip ?? 'unknown'}`,
          limit: form.rateLimitPerIp,
          windowSeconds: 60,
        });
        // Over the form's own limit a submission is held for review, not refused (no header tells): a flood
        // from many addresses must not turn real visitors away.
        const formQuota = await deps.rateLimiter.hit(`form:${form.id}`, form.rateLimitPerForm, 60);
        const isJson = /json/i.test(c.req.header('content-type') ?? '');
        const payload: FormPayload = isJson
          ? {
              kind: 'json',
              data: c.req.valid('json') as Submission,
              rawBody: await c.req.text(),
              idempotencyKey: idempotencyKey(c),
              turnstileHeader: c.req.header('cf-turnstile-response')?.slice(0, 4096),
            }
          : { kind: 'form', data: c.req.valid('form') as Record<string, string | string[]> };
        const accepted = acceptPayload(payload);
        const page = c.req.header('referer')?.slice(0, 2000) ?? null;
        const result = await submitForm(deps, c.get('db'), form, payload, accepted, {
          ip,
          page,
          overFormLimit: !formQuota.allowed,
        });
        if (!result.held)
          checkDuplicatesLater(c.get('defer'), deps, c.get('db'), form.organizationId, result);
        if (!isJson) return c.redirect(redirectAfterPost(form, accepted.retUrl, appOrigin(deps)), 303);
        return c.json({ id: result.receiptId, status: 'received' as const }, 201);
      },
    );
}

/** CORS preflight for the public form endpoints. */
export function formPreflightRoutes(deps: Deps) {
  return router()
    .options('/v1/forms/:formId/*', async (c) => {
      const form = await activeForm(deps, c, c.req.param('formId'));
      return preflight(c, form, formCors(deps, c, form));
    })
    .options('/v1/forms/:formId', async (c) => {
      const form = await activeForm(deps, c, c.req.param('formId'));
      return preflight(c, form, formCors(deps, c, form));
    });
}
