import { ATTEMPT_TIMEOUT_MS, RESPONSE_EXCERPT_BYTES } from '../../core/outgoing-webhooks';

/** One webhook request: always a POST of a JSON body. */
export type WebhookRequest = { url: string; headers: Record<string, string>; body: string };

/** The answer (status and the first bytes of the body), or why none came. */
export type WebhookResponse =
  | { status: number; excerpt: string; durationMs: number; error?: 'redirect' }
  | { status: null; excerpt: null; durationMs: number; error: 'blocked-target' | 'timeout' | 'network' };

/** Sends a webhook: never follows a redirect, gives up after the attempt timeout, never throws. */
export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;

/**
 * Where webhooks may go and how they are sent, per runtime. Workers: `fetch` to the URL as checked (a
 * host literal is checked, names cannot be resolved there). Node: a transport that checks every address a
 * name resolves to when it connects (./node-transport.ts), and `resolve` to refuse such names when saved.
 */
export type WebhookDeps = {
  /** Test-only: plain http to loopback addresses (the tests' receiver). */
  allowLoopback: boolean;
  send: WebhookTransport;
  /** The addresses a host name resolves to (Node); absent where names cannot be resolved. */
  resolve?: (host: string) => Promise<string[]>;
  /** Workers: the queue that delivers messages; absent on Node, where the process delivers them. */
  queue?: { send: (messageIds: string[]) => Promise<void> };
};

/** Reads at most `limit` bytes of a body as text, then stops reading (the rest is never downloaded). */
export async function readExcerpt(body: ReadableStream<Uint8Array> | null, limit = RESPONSE_EXCERPT_BYTES) {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(bytes.subarray(0, limit));
}

/** The transport of the Workers face (and the default): fetch with `redirect: 'manual'` and a timeout. */
export function fetchTransport(fetcher: typeof fetch, timeoutMs = ATTEMPT_TIMEOUT_MS): WebhookTransport {
  return async ({ url, headers, body }) => {
    const started = Date.now();
    try {
      const res = await fetcher(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const excerpt = await readExcerpt(res.body);
      const durationMs = Date.now() - started;
      return res.status >= 300 && res.status < 400
        ? { status: res.status, excerpt, durationMs, error: 'redirect' }
        : { status: res.status, excerpt, durationMs };
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return {
        status: null,
        excerpt: null,
        durationMs: Date.now() - started,
        error: timedOut ? 'timeout' : 'network',
      };
    }
  };
}
