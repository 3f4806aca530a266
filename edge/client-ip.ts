import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client IP on the Node face: the socket's address, or — only behind a proxy you trust, with
 * TRUST_PROXY=1 — the first address in X-Forwarded-For (a client can forge that header otherwise).
 */
export function nodeClientIp(trustProxy: boolean): (c: Context) => string | null {
  return (c) => {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? null;
    } catch {
      return null; // app.request() in tests has no socket
    }
  };
}
