import type { Context } from 'hono';
import { originAllowed } from '../services/forms';
import { AppError } from './errors';

/**
 * CORS for a public form: only the form's allowed origins (and our own) get `Access-Control-Allow-Origin`;
 * any other Origin is refused with a problem before anything is stored.
 */
export function applyFormCors(c: Context, form: { allowedOrigins: string[] }): void {
  const origin = c.req.header('origin') ?? null;
  c.header('Vary', 'Origin');
  if (!originAllowed(form, origin, new URL(c.req.url).origin))
    throw new AppError(
      'origin-not-allowed',
      `Add ${origin} to the form's allowed origins to embed it there.`,
    );
  if (origin) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, ETag');
  }
}

/** Answers a CORS preflight for an allowed origin. */
export function preflight(c: Context, form: { allowedOrigins: string[] }): Response {
  applyFormCors(c, form);
  c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
  c.header('Access-Control-Max-Age', '600');
  return c.body(null, 204);
}
