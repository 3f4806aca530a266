import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from './client';

const session = {
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en' },
  organization: { id: 'o1', name: 'Acme' },
  role: 'admin',
  csrfToken: 'csrf-123',
};

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const problem = (status: number, code: string) =>
  json({ type: 'about:blank', title: 'x', status, code }, status, 'application/problem+json');

/** A client whose fetch records every request and answers with `respond`. */
function setup(
  respond: (request: Request) => Response | Promise<Response>,
  token: string | null = 'csrf-123',
) {
  const requests: Request[] = [];
  const onUnauthorized = vi.fn();
  const api = createApiClient({
    baseUrl: 'http://leadgate.test',
    csrfToken: () => token,
    onUnauthorized,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return respond(request);
    },
  });
  return { api, requests, onUnauthorized };
}

describe('createApiClient', () => {
  it('reads the session with same-origin credentials and no CSRF header', async () => {
    const { api, requests } = setup(() => json(session));
    expect(await api.getSession()).toEqual({ ok: true, data: session });
    expect(requests[0]?.method).toBe('GET');
    expect(new URL(requests[0]!.url).pathname).toBe('/api/session');
    expect(requests[0]?.credentials).toBe('same-origin');
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBeNull();
  });

  it('sends the CSRF token on mutations', async () => {
    const { api, requests } = setup(() => new Response(null, { status: 204 }));
    expect(await api.signOut()).toEqual({ ok: true, data: null });
    expect(requests[0]?.method).toBe('DELETE');
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it('posts credentials as JSON', async () => {
    const { api, requests } = setup(() => json(session), null);
    await api.signIn({ email: 'ada@example.com', password: 'secret' });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(await requests[0]?.json()).toEqual({ email: 'ada@example.com', password: 'secret' });
  });

  it('passes limit and cursor as query parameters', async () => {
    const { api, requests } = setup(() => json({ items: [], nextCursor: null }));
    await api.listLeads({ limit: 50, cursor: 'abc' });
    await api.listLeads({ limit: 50, cursor: null });
    expect(new URL(requests[0]!.url).search).toBe('?limit=50&cursor=abc');
    expect(new URL(requests[1]!.url).search).toBe('?limit=50');
  });

  it('reports a 401 on an authenticated call as an ended session', async () => {
    const { api, onUnauthorized } = setup(() => problem(401, 'unauthenticated'));
    const result = await api.listLeads({ limit: 50 });
    expect(result).toMatchObject({ ok: false, problem: { status: 401, code: 'unauthenticated' } });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('treats 401 on sign-in as wrong credentials, not an ended session', async () => {
    const { api, onUnauthorized } = setup(() => problem(401, 'invalid-credentials'), null);
    const result = await api.signIn({ email: 'ada@example.com', password: 'wrong' });
    expect(result).toMatchObject({ ok: false, problem: { code: 'invalid-credentials' } });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('turns a failed fetch into a network-error problem instead of throwing', async () => {
    const { api } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await api.getSession()).toMatchObject({
      ok: false,
      problem: { status: 0, code: 'network-error' },
    });
  });
});

describe('form calls', () => {
  it.each([
    ['listForms', (api: ReturnType<typeof setup>['api']) => api.listForms(), 'GET', '/api/forms', undefined],
    [
      'getForm',
      (api: ReturnType<typeof setup>['api']) => api.getForm('frm_1'),
      'GET',
      '/api/forms/frm_1',
      undefined,
    ],
    [
      'createForm',
      (api: ReturnType<typeof setup>['api']) => api.createForm({ name: 'Webinar' }),
      'POST',
      '/api/forms',
      { name: 'Webinar' },
    ],
    [
      'updateForm',
      (api: ReturnType<typeof setup>['api']) => api.updateForm('frm_1', { minSubmitSeconds: 3 }),
      'PATCH',
      '/api/forms/frm_1',
      { minSubmitSeconds: 3 },
    ],
    [
      'setFormEnabled(false)',
      (api: ReturnType<typeof setup>['api']) => api.setFormEnabled('frm_1', false),
      'POST',
      '/api/forms/frm_1/disable',
      undefined,
    ],
    [
      'setFormEnabled(true)',
      (api: ReturnType<typeof setup>['api']) => api.setFormEnabled('frm_1', true),
      'POST',
      '/api/forms/frm_1/enable',
      undefined,
    ],
    [
      'listRefusedOrigins',
      (api: ReturnType<typeof setup>['api']) => api.listRefusedOrigins('frm_1'),
      'GET',
      '/api/forms/frm_1/refused-origins',
      undefined,
    ],
    [
      'allowOrigin',
      (api: ReturnType<typeof setup>['api']) => api.allowOrigin('frm_1', 'https://www.example.com'),
      'POST',
      '/api/forms/frm_1/allowed-origins',
      { origin: 'https://www.example.com' },
    ],
  ] as const)('%s → %s %s', async (_name, call, method, path, body) => {
    const { api, requests } = setup(() => json({ id: 'frm_1' }));
    expect(await call(api)).toEqual({ ok: true, data: { id: 'frm_1' } });
    expect([requests[0]?.method, new URL(requests[0]!.url).pathname]).toEqual([method, path]);
    if (body) expect(await requests[0]?.json()).toEqual(body);
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe(method === 'GET' ? null : 'csrf-123');
  });

  it('reads the widget manifest, and calls one without file and sri unexpected', async () => {
    const manifest = { file: 'widget.abc.js', hash: 'abc', sri: 'sha384-x', bytes: 1 };
    expect(await setup(() => json(manifest)).api.getWidgetManifest()).toEqual({
      ok: true,
      data: { file: 'widget.abc.js', sri: 'sha384-x' },
    });
    expect(await setup(() => json({}, 404)).api.getWidgetManifest()).toMatchObject({
      ok: false,
      problem: { code: 'unexpected-response' },
    });
  });

  it('reloads a public form past the HTTP cache, and never throws', async () => {
    const { api, requests } = setup(() => json({}));
    await api.reloadPublicForm('frm_1');
    expect([new URL(requests[0]!.url).pathname, requests[0]?.cache]).toEqual(['/v1/forms/frm_1', 'reload']);
    await expect(
      setup(() => Promise.reject(new TypeError('offline'))).api.reloadPublicForm('x'),
    ).resolves.toBe(undefined);
  });
});

describe('feature calls share the one transport', () => {
  it('sends the CSRF token and ends the session on 401 for duplicates, imports and reports alike', async () => {
    const { api, requests, onUnauthorized } = setup(() => problem(401, 'unauthenticated'));
    await api.duplicates.scan();
    await api.imports.commit('imp_1');
    await api.reports.getReport('funnel', { groupBy: 'rep' });
    await api.outbox.list();
    expect(requests.map((r) => [r.method, new URL(r.url).pathname + new URL(r.url).search])).toEqual([
      ['POST', '/api/duplicates/scan'],
      ['POST', '/api/leads/imports/imp_1/commit'],
      ['GET', '/api/reports/funnel?groupBy=rep'],
      ['GET', '/api/outbox'],
    ]);
    expect(requests.map((r) => r.headers.get('X-CSRF-Token'))).toEqual(['csrf-123', 'csrf-123', null, null]);
    expect(onUnauthorized).toHaveBeenCalledTimes(4);
  });

  it('reads an empty answer as null and a JSON one as its body', async () => {
    expect(await setup(() => new Response(null, { status: 204 })).api.duplicates.dismiss('c1')).toEqual({
      ok: true,
      data: null,
    });
    const job = { id: 'imp_1', status: 'staged' };
    expect(await setup(() => json(job)).api.imports.getJob('imp_1')).toEqual({ ok: true, data: job });
  });

  it('uploads an import as the multipart part `file`, keeping its name', async () => {
    const { api, requests } = setup(() => json({ id: 'imp_1' }, 201));
    await api.imports.upload(new File(['email\n'], 'leads.csv', { type: 'text/csv' }));
    const part = (await requests[0]!.formData()).get('file');
    expect([requests[0]?.method, new URL(requests[0]!.url).pathname]).toEqual(['POST', '/api/leads/imports']);
    expect(part instanceof File && part.name).toBe('leads.csv');
  });

  it('parses a problem into its code', async () => {
    const { api } = setup(() => problem(410, 'undo-expired'));
    expect(await api.duplicates.undo('m1')).toMatchObject({
      ok: false,
      problem: { status: 410, code: 'undo-expired' },
    });
  });
});
