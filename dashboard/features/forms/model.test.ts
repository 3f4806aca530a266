import type { CreateForm, Form, UpdateForm } from '@contract/forms-admin';
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import { FormEditorModel, FormsModel, upsertForm } from './model';

const form = (id: string, change: Partial<Form> = {}): Form => ({
  id,
  status: 'active',
  name: `Form ${id}`,
  fields: [{ name: 'lastName', required: true }],
  consentText: null,
  successMessage: null,
  submitLabel: null,
  redirectUrl: null,
  allowedOrigins: [],
  defaultSource: 'Website Form',
  defaultCampaign: null,
  turnstileEnabled: false,
  turnstileSiteKey: null,
  signalsEnabled: false,
  minSubmitSeconds: 2,
  rateLimitPerIp: 10,
  rateLimitPerForm: 600,
  defaultLocale: 'en',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...change,
});

const problem = (code: string, errors?: Problem['errors']): { ok: false; problem: Problem } => ({
  ok: false,
  problem: { type: 'about:blank', title: '', status: 422, code, ...(errors && { errors }) },
});

type Calls = {
  created: CreateForm[];
  updated: Array<[string, UpdateForm]>;
  toggled: Array<[string, boolean]>;
};

/** An API that records the form calls and answers each with `answer`. */
function fakeApi(answer: (call: keyof Calls) => ApiResult<Form>, stored: Form | null = form('frm_1')) {
  const calls: Calls = { created: [], updated: [], toggled: [] };
  const api = {
    getForm: async (id: string) =>
      stored && stored.id === id ? { ok: true, data: stored } : problem('not-found'),
    listForms: async () => ({ ok: true, data: { items: stored ? [stored] : [] } }),
    createForm: async (input: CreateForm) => {
      calls.created.push(input);
      return answer('created');
    },
    updateForm: async (id: string, change: UpdateForm) => {
      calls.updated.push([id, change]);
      return answer('updated');
    },
    setFormEnabled: async (id: string, enabled: boolean) => {
      calls.toggled.push([id, enabled]);
      return answer('toggled');
    },
    dataSettings: {
      get: async () => ({
        ok: true,
        data: { leadPurgeDays: 30, quarantineRetentionDays: 30, allowedOrigins: [], defaultFormLocale: 'cs' },
      }),
    },
  } as unknown as ApiClient;
  return { api, calls };
}

describe('upsertForm', () => {
  it('replaces a form in place and appends a new one', () => {
    const list = [form('a'), form('b')];
    expect(upsertForm(list, form('a', { name: 'A2' })).map((f) => f.name)).toEqual(['A2', 'Form b']);
    expect(upsertForm(list, form('c')).map((f) => f.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('FormsModel', () => {
  it('loads the list and keeps a notice for the next page, once', async () => {
    const { api } = fakeApi(() => problem('x'));
    const forms = new FormsModel();
    expect(await forms.refresh(api)).toBe(true);
    expect([forms.phase.value, forms.count.value]).toEqual(['ready', 1]);
    forms.notify('forms.created');
    expect([forms.takeNotice(), forms.takeNotice()]).toEqual(['forms.created', null]);
    forms.reset();
    expect([forms.phase.value, forms.count.value]).toEqual(['idle', 0]);
  });
});

describe('FormEditorModel', () => {
  it('allows a refused origin at once: the form and the draft take it, unsaved edits stay, the list drops it', async () => {
    const seen = {
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-02T00:00:00.000Z',
      count: 3,
    };
    const refused = [
      { origin: 'https://a.example', ...seen },
      { origin: 'https://b.example', ...seen },
    ];
    const allowed: Array<[string, string]> = [];
    const { api: base } = fakeApi(() => problem('x'));
    const api = {
      ...base,
      listRefusedOrigins: async () => ({ ok: true, data: { items: refused } }),
      allowOrigin: async (id: string, origin: string) => {
        allowed.push([id, origin]);
        return origin === 'https://b.example'
          ? problem('forbidden')
          : { ok: true, data: form('frm_1', { allowedOrigins: [origin] }) };
      },
    } as unknown as ApiClient;
    const editor = new FormEditorModel('frm_1');
    await editor.load(api);
    await editor.loadRefused(api);
    expect(editor.refused.value.map((r) => r.origin)).toEqual(['https://a.example', 'https://b.example']);
    editor.edit((d) => ({ ...d, name: 'Unsaved name' }));

    expect(await editor.allow(api, 'https://a.example')).toBe(true);
    expect(allowed).toEqual([['frm_1', 'https://a.example']]);
    expect(editor.form.value?.allowedOrigins).toEqual(['https://a.example']);
    expect([editor.draft.value.name, editor.draft.value.allowedOrigins]).toEqual([
      'Unsaved name',
      ['https://a.example'],
    ]);
    expect(editor.refused.value.map((r) => r.origin)).toEqual(['https://b.example']);
    expect([editor.savedCount.value, editor.allowing.value]).toEqual([1, null]);

    expect(await editor.allow(api, 'https://b.example')).toBe(false);
    expect(editor.problem.value?.code).toBe('forbidden');
    expect(editor.refused.value.map((r) => r.origin)).toEqual(['https://b.example']);
  });

  it('does not send a draft with errors, and says where they are', async () => {
    const { api, calls } = fakeApi(() => problem('x'), null);
    const editor = new FormEditorModel(null);
    const outcome = await editor.save(api);
    expect(outcome).toEqual({ ok: false, errors: { name: 'required' } });
    expect(editor.errors.value).toEqual({ name: 'required' });
    expect(calls.created).toEqual([]);
  });

  it('starts a new form in the organization’s language for new forms', async () => {
    const { api } = fakeApi(() => problem('x'), null);
    const editor = new FormEditorModel(null);
    expect(editor.draft.value.defaultLocale).toBe('en');
    await editor.load(api);
    expect(editor.draft.value.defaultLocale).toBe('cs');
  });

  it('creates a new form with every setting', async () => {
    const created = form('frm_new', { name: 'Webinar' });
    const { api, calls } = fakeApi(() => ({ ok: true, data: created }), null);
    const editor = new FormEditorModel(null);
    editor.edit((d) => ({ ...d, name: ' Webinar ' }), 'name');
    expect(await editor.save(api)).toEqual({ ok: true, form: created, created: true });
    expect(calls.created[0]).toMatchObject({
      name: 'Webinar',
      defaultSource: 'Website Form',
      minSubmitSeconds: 2,
    });
    expect([editor.form.value, editor.savedCount.value]).toEqual([created, 1]);
  });

  it('puts the server’s field errors on the inputs they point at, and clears one as it is edited', async () => {
    const { api, calls } = fakeApi(() =>
      problem('validation-failed', [
        { pointer: '/allowedOrigins/0', detail: '', code: 'invalid_origin' },
        { pointer: '/fields/0/label/de', detail: '', code: 'too_big' },
      ]),
    );
    const editor = new FormEditorModel('frm_1');
    await editor.load(api);
    editor.edit((d) => ({ ...d, allowedOrigins: ['', 'https://a.example'] }));
    const outcome = await editor.save(api);
    expect(calls.updated.map(([id]) => id)).toEqual(['frm_1']);
    expect(outcome).toEqual({
      ok: false,
      errors: { 'allowedOrigins.1': 'invalid-origin', 'fields.lastName.label.de': 'too-long' },
    });
    expect([editor.phase.value, editor.problem.value?.code]).toEqual(['ready', 'validation-failed']);
    editor.edit((d) => d, 'allowedOrigins.1');
    expect(editor.errors.value).toEqual({ 'fields.lastName.label.de': 'too-long' });
  });

  it('disables a form without losing unsaved edits', async () => {
    const { api, calls } = fakeApi(() => ({ ok: true, data: form('frm_1', { status: 'disabled' }) }));
    const editor = new FormEditorModel('frm_1');
    await editor.load(api);
    editor.edit((d) => ({ ...d, name: 'Unsaved' }));
    const saved = await editor.setEnabled(api, false);
    expect(saved?.status).toBe('disabled');
    expect(calls.toggled).toEqual([['frm_1', false]]);
    expect([editor.form.value?.status, editor.draft.value.name]).toEqual(['disabled', 'Unsaved']);
  });

  it('reports a form it cannot load as missing', async () => {
    const { api } = fakeApi(() => problem('x'));
    const editor = new FormEditorModel('frm_other');
    await editor.load(api);
    expect([editor.phase.value, editor.problem.value?.code]).toEqual(['missing', 'not-found']);
  });
});
