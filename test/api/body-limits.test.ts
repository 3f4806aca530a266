import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, orgWithSessions } from '../support/workspace';

const LIMIT = 64 * 1024;
const CHUNK = 64 * 1024;

let t: TestApi;
let org: TestOrg;
beforeAll(async () => {
  t = await setupApi();
  org = await createTestOrg(t);
});
afterAll(() => t.close());

/** A body with no length: 64 KB chunks of JSON-ish bytes, up to `total`; `pulled` counts what was read. */
function endlessBody(total: number) {
  const state = { pulled: 0 };
  const chunk = new TextEncoder().encode(`{"lastName":"${'x'.repeat(CHUNK - 20)}`.slice(0, CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

describe('request bodies are counted as they arrive, not trusted by their Content-Length', () => {
  it.each([
    ['a public form submission', () => `/v1/forms/${org.formId}/submissions`],
    ['an API write', () => '/api/leads'],
  ])(
    'stops reading %s without a length at the limit: 413, and the rest is never read',
    async (_name, path) => {
      const { sessions } = await orgWithSessions(t);
      const { stream, state } = endlessBody(256 * 1024 * 1024);
      const res = await t.app.request(path(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(path().startsWith('/api') ? sessions.admin.headers : {}),
        },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      // The limit and at most the stream's read-ahead (a chunk or two), not 256 MB.
      expect(state.pulled).toBeLessThanOrEqual(LIMIT + 3 * CHUNK);
    },
  );

  it('still takes a body under the limit sent in chunks without a length', async () => {
    const { sessions } = await orgWithSessions(t);
    const bytes = new TextEncoder().encode(
      JSON.stringify({ lastName: 'Chunked', email: 'chunked@example.test' }),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    const res = await t.app.request('/api/leads', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sessions.admin.headers },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await call(t, sessions.admin, 'GET', '/api/leads?q=Chunked')).status).toBe(200);
  });

  it('keeps a Node server’s memory bounded while 10 clients send 256 MB chunked bodies at once', async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const chunk = Buffer.alloc(CHUNK, 'x');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const one = () =>
      new Promise<{ status: number; sent: number }>((resolve, reject) => {
        let sent = 0;
        let answered: number | null = null;
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/v1/forms/${org.formId}/submissions`,
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        });
        req.on('response', (res) => {
          answered = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => resolve({ status: answered!, sent }));
        });
        // The server may close the connection once it answered: what matters is the answer, if any came.
        req.on('error', (e) => (answered === null ? reject(e) : resolve({ status: answered, sent })));
        const write = () => {
          while (answered === null && sent < 256 * 1024 * 1024) {
            sent += CHUNK;
            if (!req.write(chunk)) return void req.once('drain', write);
          }
          req.end();
        };
        write();
      });
    try {
      const results = await Promise.all(Array.from({ length: 10 }, one));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(413));
      // Each client stopped long before its 256 MB (the server answered at 64 KB).
      for (const r of results) expect(r.sent).toBeLessThan(64 * 1024 * 1024);
      // Ten whole bodies would be 2.5 GB; the budget is 150 MB over the start for all ten at once.
      expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
