import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../core/errors';
import type { AppEnv, Deps } from '../deps';
import { type FormRecord, findActiveForm, originAllowed } from '../services/ingest/forms';

const EXPOSED = 'RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, ETag';

type FormOrigins = Pick<FormRecord, 'allowedOrigins' | 'sharedOrigins'>;

/**
 * CORS for a public form: only the form's allowed origins, those its organization allows for every form
 * (and our own) get `Access-Control-Allow-Origin`;
 * any other Origin is refused with a problem before anything is stored.
 */
export function applyFormCors(c: Context, form: FormOrigins): void {
  const origin = c.req.header('origin') ?? null;
  c.header('Vary', 'Origin');
  if (!originAllowed(form, origin, new URL(c.req.url).origin))
    throw new AppError('origin-not-allowed', {
      detail: `Add ${origin} to the form's allowed origins to embed it there.`,
    });
  if (origin) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSED);
  }
}

/**
 * Adds the CORS headers for an allowed origin to every response of a form's endpoints, errors included
 * (a widget must be able to read a 422 or 413). It never refuses: the routes do, with a problem.
 */
export function formCorsHeaders(deps: Pick<Deps, 'caches'>): MiddlewareHandler<AppEnv> {
  return async function formCorsHeadersMiddleware(c, next) {
    const origin = c.req.header('origin');
    const formId = c.req.param('formId');
    if (origin && formId) {
      const form = await deps.caches.forms
        .get(formId, () => findActiveForm(c.get('db'), formId))
        .catch(() => null);
      if (form && originAllowed(form, origin, new URL(c.req.url).origin)) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Expose-Headers', EXPOSED);
      }
      c.header('Vary', 'Origin');
    }
    await next();
  };
}

/** Answers a CORS preflight for an allowed origin. */
export function preflight(c: Context, form: FormOrigins): Response {
  applyFormCors(c, form);
  c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key, CF-Turnstile-Response');
  c.header('Access-Control-Max-Age', '600');
  return c.body(null, 204);
}
