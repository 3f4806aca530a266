import { afterEach, describe, expect, it, vi } from 'vitest';
import { Str } from './locales';
import { fieldErrors, fieldMessage, loadForm, newKey, retryable, type Submission, send } from './submit';

const submission: Submission = {
  key: 'key-1',
  form: 'frm_demo',
  url: 'https://edge.example/v1/forms/frm_demo/submissions',
  body: '{"lastName":"Müller"}',
};

const problem = (status: number, body: object, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

function stubFetch(...replies: Array<Response | Error>) {
  const calls: Array<[string, RequestInit | undefined]> = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push([url, init]);
    const reply = replies.shift();
    if (!reply || reply instanceof Error) throw reply ?? new TypeError('Failed to fetch');
    return reply;
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('send', () => {
  it('posts the body as JSON with its Idempotency-Key and returns the receipt', async () => {
    const calls = stubFetch(Response.json({ id: 'rcp_1', status: 'received' }, { status: 201 }));
    expect(await send(submission)).toEqual({ ok: true, id: 'rcp_1' });
    expect(calls).toHaveLength(1);
    const [url, init] = calls[0]!;
    expect(url).toBe(submission.url);
    expect(init).toMatchObject({
      method: 'POST',
      body: submission.body,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
    });
  });

  it('maps a 422 problem’s pointers back to field names, not to retry', async () => {
    stubFetch(
      problem(422, {
        code: 'validation-failed',
        errors: [
          { pointer: '/email', detail: 'Enter a valid email address', code: 'custom' },
          { pointer: '/lastName', detail: 'Enter a last name', code: 'too_small' },
        ],
      }),
    );
    expect(await send(submission)).toEqual({
      ok: false,
      retry: false,
      code: 'validation-failed',
      retryAfter: 0,
      errors: { email: 'custom', lastName: 'too_small' },
    });
  });

  it.each([
    [503, { 'retry-after': '5' }, true, 5000],
    [429, { 'retry-after': '60' }, true, 60_000],
    [500, {}, true, 0],
    [409, {}, true, 0],
    [503, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, true, 0],
    [403, {}, false, 0],
    [404, {}, false, 0],
    [413, {}, false, 0],
  ])('HTTP %i %j → retry %s after %i ms', async (status, headers, retry, retryAfter) => {
    stubFetch(problem(status, { code: 'x' }, headers));
    expect(await send(submission)).toMatchObject({ ok: false, retry, retryAfter, code: 'x' });
  });

  it('treats a network failure as retryable, and a body that is not JSON as the bare status', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    expect(await send(submission)).toMatchObject({ ok: false, retry: true, code: 'network' });
    stubFetch(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect(await send(submission)).toMatchObject({ ok: false, retry: true, code: 'http-502' });
  });
});

describe('loadForm', () => {
  const url = 'https://edge.example/v1/forms/frm_demo';

  it('returns the definition', async () => {
    stubFetch(Response.json({ id: 'frm_demo', fields: [{ name: 'lastName', required: true, label: {} }] }));
    expect(await loadForm(url)).toMatchObject({ ok: true, def: { id: 'frm_demo' } });
  });

  it('returns the problem’s code, and its detail (what to do) when it has one', async () => {
    stubFetch(problem(404, { code: 'form-not-found' }));
    expect(await loadForm(url)).toEqual({ ok: false, code: 'form-not-found', detail: undefined });
    const detail = 'This page’s origin https://a.example may not embed the form …';
    stubFetch(problem(403, { code: 'origin-not-allowed', detail, origin: 'https://a.example' }));
    expect(await loadForm(url)).toEqual({ ok: false, code: 'origin-not-allowed', detail });
  });

  it('takes a fetch that fails outright for the network, asking once', async () => {
    const calls = stubFetch(new TypeError('offline'));
    expect(await loadForm(url)).toEqual({ ok: false, code: 'network' });
    expect(calls).toHaveLength(1);
  });
});

describe('helpers', () => {
  it.each([
    [[{ pointer: '/email', code: 'custom' }], { email: 'custom' }],
    [[{ pointer: '/employees', code: 'too_big' }], { employees: 'too_big' }],
    [[{ pointer: '/headers/idempotency-key' }], { headers: undefined }],
    [undefined, {}],
  ])('fieldErrors(%j) → %j', (errors, expected) => {
    expect(fieldErrors(errors)).toEqual(expected);
  });

  it.each([
    ['lastName', 'too_small', Str.missing],
    ['email', 'custom', Str.badEmail],
    ['email', 'too_small', Str.missing],
    ['phone', 'too_big', Str.check],
    ['phone', 'invalid_phone', Str.badPhone],
  ])('fieldMessage(%s, %s) → %s', (name, code, expected) => {
    expect(fieldMessage(name, code)).toBe(expected);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [409, true],
    [400, false],
    [422, false],
  ])('retryable(%i) → %s', (status, expected) => {
    expect(retryable(status)).toBe(expected);
  });

  it('makes unique 128-bit keys that fit the 255-character header limit', () => {
    const keys = new Set(Array.from({ length: 1000 }, newKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^\d{1,10}(-\d{1,10}){3}$/);
  });
});
