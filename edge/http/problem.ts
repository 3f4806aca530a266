import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { callSites, describeError } from '../../db/errors';
import type { Problem } from '../contract/problem';
import { AppError, type ErrorCode } from '../core/errors';
import { problemType } from './errors';
import { versionTag } from './versions';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The headers an error's facts call for: the current version as `ETag`, a wait as `Retry-After`. */
function problemHeaders(error: AppError): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': PROBLEM_CONTENT_TYPE };
  if (error.version !== undefined) headers.ETag = versionTag(error.version);
  if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
  return headers;
}

/** Renders an AppError as `application/problem+json`, with the request id as `instance`. */
export function problemResponse(c: Context, error: AppError): Response {
  const { status, title } = problemType(error.code);
  const body: Problem = {
    type: `/problems/${error.code}`,
    title,
    status,
    code: error.code,
    instance: c.get('requestId') as string | undefined,
  };
  if (error.detail) body.detail = error.detail;
  if (error.errors?.length) body.errors = error.errors;
  // Extensions go first so they can never overwrite the standard members.
  return c.json({ ...error.extensions, ...body }, status as ContentfulStatusCode, problemHeaders(error));
}

const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'malformed-body',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  503: 'service-unavailable',
};

/** Errors a Postgres client raises when the database cannot be reached: answered 503, so clients retry. */
function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|57P0[1-3]|08\w{3}|53300)$/.test(code)
    )
      return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /connection terminated|connect ECONNREFUSED|WebSocket/i.test(message))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps anything thrown to a problem response; unknown errors are logged and answered with a bare 500. */
export function toProblem(
  error: unknown,
  c: Context,
  log: (msg: string, data: Record<string, unknown>) => void,
) {
  if (error instanceof AppError) return problemResponse(c, error);
  if (error instanceof HTTPException) {
    const code = HTTP_EXCEPTION_CODES[error.status] ?? 'internal';
    return problemResponse(c, new AppError(code, { detail: error.message || undefined, cause: error }));
  }
  if (isDatabaseUnavailable(error)) {
    log('database unavailable', { requestId: c.get('requestId'), error: describeError(error) });
    return problemResponse(
      c,
      new AppError('service-unavailable', {
        detail: 'Please retry shortly.',
        retryAfterSeconds: 5,
        cause: error,
      }),
    );
  }
  log('unhandled error', {
    requestId: c.get('requestId'),
    error: describeError(error),
    at: callSites(error),
  });
  return problemResponse(c, new AppError('internal'));
}
