import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupApi, type TestApi } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

describe('GET /openapi.json', () => {
  it('generates and serializes the document once per app, then serves the same bytes', async () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const first = await t.app.request('/openapi.json');
      const second = await t.app.request('/openapi.json');
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await first.text();
      expect(await second.text()).toBe(body);
      expect(JSON.parse(body)).toMatchObject({ openapi: '3.1.0', info: { title: 'Leadgate API' } });
      const documents = stringify.mock.calls.filter(
        ([value]) => (value as { openapi?: unknown } | null)?.openapi === '3.1.0',
      );
      expect(documents).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
  });
});
