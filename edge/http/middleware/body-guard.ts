import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../../deps';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads a request body once, before any validator: rejects bodies over `maxBytes` (413), bytes that are not
 * UTF-8 (400, where Response.json() would silently substitute U+FFFD) and unparsable JSON (400), then hands
 * the text and the parsed body to Hono's body cache so validators and routes reuse them. `skip` exempts requests that a route guards
 * itself with a different limit (document uploads).
 */
export function bodyGuard(
  maxBytes: number,
  options: { skip?: (c: Context) => boolean } = {},
): MiddlewareHandler<AppEnv> {
  return async function bodyGuardMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    if (options.skip?.(c)) return next();
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxBytes)
      throw new AppError('payload-too-large', { detail: `The limit is ${maxBytes} bytes.` });
    const buffer = await c.req.arrayBuffer();
    if (buffer.byteLength > maxBytes)
      throw new AppError('payload-too-large', { detail: `The limit is ${maxBytes} bytes.` });
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (mediaType === 'multipart/form-data') return next();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch (e) {
      throw new AppError('invalid-encoding', { cause: e });
    }
    // Routes that hash or verify the raw text (idempotency, webhook signatures) read it from the cache too:
    // Hono answers a body read under another key than the cached one by building a whole Response around it.
    // (Hono's type says string; what it keeps, and reads back with .then, is the promise.)
    c.req.bodyCache.text = Promise.resolve(text) as unknown as string;
    if (JSON_TYPE.test(mediaType)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new AppError('malformed-body', {
          detail: `Malformed JSON: ${e instanceof Error ? e.message : 'parse error'}`,
          cause: e,
        });
      }
      c.req.bodyCache.json = Promise.resolve(parsed);
    }
    return next();
  };
}
