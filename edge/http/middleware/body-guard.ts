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
    const buffer = await readAtMost(c.req.raw, maxBytes);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (mediaType === 'multipart/form-data') {
      // The multipart parser reads the bytes already counted, not the stream again.
      c.req.bodyCache.arrayBuffer = Promise.resolve(buffer.buffer as ArrayBuffer) as unknown as ArrayBuffer;
      return next();
    }
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
    c.req.bodyCache.arrayBuffer = Promise.resolve(buffer.buffer as ArrayBuffer) as unknown as ArrayBuffer;
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

/**
 * The request's body, counted as it arrives: past `maxBytes` the stream is cancelled and 413 answered,
 * whatever Content-Length said or whether there was one (a chunked body has none, and a client may lie).
 * At most `maxBytes` plus one chunk is ever held.
 */
export async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  const body = request.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError('payload-too-large', { detail: `The limit is ${maxBytes} bytes.` });
    }
    chunks.push(value);
  }
  if (
    chunks.length === 1 &&
    chunks[0]!.byteOffset === 0 &&
    chunks[0]!.byteLength === chunks[0]!.buffer.byteLength
  )
    return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
