import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApi, type TestApi } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

describe('operations', () => {
  it('GET /healthz checks the database', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves an OpenAPI 3.1 document generated from the zod contract', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/leads',
        '/api/leads/{id}',
        '/api/session',
        '/healthz',
        '/v1/forms/{formId}',
        '/v1/forms/{formId}/submissions',
        '/v1/hooks/{sourceId}',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'Submission', 'LeadList', 'Session']),
    );
  });

  it('answers unknown routes with a problem, not HTML', async () => {
    const res = await t.app.request('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { instance: string };
    expect(body.instance).toBe(res.headers.get('x-request-id'));
  });

  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const { connect } = await import('../../db/connect');
    const down = await connect({ url: 'postgres://postgres:x@127.0.0.1:1/none' });
    const { createApp } = await import('../../edge/app');
    const app = createApp({
      ...t.deps,
      database: { acquire: () => ({ db: down.db, release: async () => {} }) },
    });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { code: string }).code).toBe('service-unavailable');
    const submission = await app.request('/v1/forms/frm_any/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ lastName: 'Offline' }),
    });
    expect(submission.status).toBe(503);
    expect(submission.headers.get('retry-after')).toBe('5');
    await down.close();
  });
});
