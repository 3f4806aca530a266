import type { FieldErrorCode } from '@contract/field-errors';
import type { Form } from '@contract/forms-admin';
import { describe, expect, it } from 'vitest';
import {
  type DraftErrors,
  draftErrors,
  draftErrorsFrom,
  draftFromForm,
  draftRequest,
  type FormDraft,
} from './draft';

const DEMO_FORM: Form = {
  id: 'frm_demo',
  status: 'active',
  name: 'Book a demo',
  fields: [
    { name: 'email', required: true, label: { en: 'Work email', fr: 'Courriel' } },
    { name: 'lastName', required: true },
    { name: 'website', required: false },
  ],
  consentText: { en: 'You may call me.' },
  successMessage: null,
  submitLabel: null,
  redirectUrl: '/demo?submitted=1',
  allowedOrigins: ['https://www.example.com'],
  defaultSource: 'Website Form',
  defaultCampaign: null,
  turnstileEnabled: false,
  turnstileSiteKey: null,
  signalsEnabled: true,
  minSubmitSeconds: 2,
  rateLimitPerIp: 10,
  rateLimitPerForm: 600,
  defaultLocale: 'de',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

const edit = (change: Partial<FormDraft>, form: Form | null = DEMO_FORM): FormDraft => ({
  ...draftFromForm(form),
  ...change,
});

describe('draftFromForm', () => {
  it('lists the form’s own fields first, in their order, then every other standard field', () => {
    const draft = draftFromForm(DEMO_FORM);
    expect(draft.fields.map((f) => [f.name, f.included, f.required])).toEqual([
      ['email', true, true],
      ['lastName', true, true],
      ['firstName', false, false],
      ['phone', false, false],
      ['company', false, false],
      ['title', false, false],
      ['industry', false, false],
      ['employees', false, false],
      ['country', false, false],
      ['region', false, false],
      ['city', false, false],
      ['description', false, false],
    ]);
    expect(draft.fields[0]!.label).toEqual({ en: 'Work email', de: '', cs: '', uk: '' });
    expect(draft).toMatchObject({
      afterSubmit: 'redirect',
      redirectUrl: '/demo?submitted=1',
      consentText: { en: 'You may call me.', de: '', cs: '', uk: '' },
      minSubmitSeconds: '2',
      defaultLocale: 'de',
      defaultCampaign: '',
    });
  });

  it('starts a new form from the defaults', () => {
    const draft = draftFromForm(null);
    expect(draft.name).toBe('');
    expect(draft.fields.filter((f) => f.included).map((f) => f.name)).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'company',
      'title',
    ]);
    expect(draft.afterSubmit).toBe('message');
  });
});

describe('draftRequest', () => {
  it('sends the included fields with their labels, skips empty texts and origin rows, maps positions back', () => {
    const draft = draftFromForm(DEMO_FORM);
    draft.fields = draft.fields.map((f) =>
      f.name === 'city' ? { ...f, included: true, label: { en: ' Town ', de: '', cs: '', uk: 'Місто' } } : f,
    );
    const request = draftRequest({
      ...draft,
      allowedOrigins: ['', ' https://a.example ', '', 'https://b.example'],
      afterSubmit: 'message',
      successMessage: { en: ' Thanks! ', de: '', cs: '', uk: '' },
      defaultCampaign: '  ',
      minSubmitSeconds: ' 5 ',
    });
    expect(request.body).toMatchObject({
      fields: [
        { name: 'email', required: true, label: { en: 'Work email' } },
        { name: 'lastName', required: true },
        { name: 'city', required: false, label: { en: 'Town', uk: 'Місто' } },
      ],
      allowedOrigins: ['https://a.example', 'https://b.example'],
      successMessage: { en: 'Thanks!' },
      redirectUrl: null,
      defaultCampaign: null,
      minSubmitSeconds: 5,
    });
    expect(request.fieldAt).toEqual(['email', 'lastName', 'city']);
    expect(request.originAt).toEqual([1, 3]);
  });

  it('always requires the last name and sends a redirect without a message', () => {
    const draft = edit({});
    draft.fields = draft.fields.map((f) => (f.name === 'lastName' ? { ...f, required: false } : f));
    const { body } = draftRequest({ ...draft, successMessage: { en: 'Hi', de: '', cs: '', uk: '' } });
    expect(body.fields.find((f) => f.name === 'lastName')?.required).toBe(true);
    expect([body.redirectUrl, body.successMessage]).toEqual(['/demo?submitted=1', null]);
  });
});

describe('draftErrors', () => {
  it('finds nothing wrong with a stored form', () => {
    expect(draftErrors(draftFromForm(DEMO_FORM))).toEqual({});
  });

  it.each<[string, Partial<FormDraft>, DraftErrors]>([
    ['an empty name', { name: '  ' }, { name: 'required' }],
    ['a redirect without an address', { redirectUrl: ' ' }, { redirectUrl: 'required' }],
    ['a redirect elsewhere', { redirectUrl: '//evil.example' }, { redirectUrl: 'invalid-redirect' }],
    [
      'a bad origin in the third row (after an empty one)',
      { allowedOrigins: ['https://a.example', '', 'https://a.example/contact'] },
      { 'allowedOrigins.2': 'invalid-origin' },
    ],
    [
      'the same origin twice',
      { allowedOrigins: ['https://a.example', 'https://A.example/'] },
      { 'allowedOrigins.1': 'duplicate-origin' },
    ],
    ['Turnstile without a key', { turnstileEnabled: true }, { turnstileSiteKey: 'site-key-required' }],
    ['a key with spaces', { turnstileSiteKey: 'a b' }, { turnstileSiteKey: 'site-key-format' }],
    ['a minimum time of 61 s', { minSubmitSeconds: '61' }, { minSubmitSeconds: 'range' }],
    ['a fractional minimum time', { minSubmitSeconds: '1.5' }, { minSubmitSeconds: 'range' }],
    ['an empty limit', { rateLimitPerIp: '' }, { rateLimitPerIp: 'range' }],
    [
      'a per-visitor limit above the form’s',
      { rateLimitPerIp: '700', rateLimitPerForm: '600' },
      { rateLimitPerIp: 'rate-limit-order' },
    ],
    ['no lead source', { defaultSource: '' }, { defaultSource: 'required' }],
  ])('%s', (_what, change, expected) => {
    expect(draftErrors(edit(change))).toEqual(expected);
  });
});

describe('draftErrorsFrom (a 422 problem’s pointers onto the inputs)', () => {
  const request = draftRequest({
    ...draftFromForm(DEMO_FORM),
    allowedOrigins: ['', 'https://a.example', 'https://b.example'],
  });

  it.each<[string, string | undefined, string, string]>([
    ['/name', 'too_small', 'name', 'required'],
    ['/name', 'too_big', 'name', 'too-long'],
    ['/fields', 'last_name_required', 'fields', 'last-name-required'],
    ['/fields/1/required', 'last_name_required', 'fields.lastName.required', 'last-name-required'],
    ['/fields/0/label/de', 'too_big', 'fields.email.label.de', 'too-long'],
    ['/fields/0/label', 'unrecognized_keys', 'fields.email.label.en', 'invalid'],
    ['/fields/9/name', 'invalid_value', 'fields', 'invalid'],
    ['/consentText/uk', 'too_big', 'consentText.uk', 'too-long'],
    ['/allowedOrigins/1', 'invalid_origin', 'allowedOrigins.2', 'invalid-origin'],
    ['/allowedOrigins', 'too_big', 'allowedOrigins', 'too-many'],
    ['/turnstileSiteKey', 'invalid_format', 'turnstileSiteKey', 'site-key-format'],
    ['/minSubmitSeconds', 'too_big', 'minSubmitSeconds', 'range'],
    ['/rateLimitPerIp', 'rate_limit_order', 'rateLimitPerIp', 'rate-limit-order'],
    ['/', 'unrecognized_keys', 'form', 'invalid'],
  ])('%s (%s) → %s', (pointer, code, key, kind) => {
    expect(draftErrorsFrom([{ pointer, code: code as FieldErrorCode }], request)).toEqual({ [key]: kind });
  });

  it('keeps the first error of an input', () => {
    const errors = draftErrorsFrom(
      [
        { pointer: '/name', code: 'too_small' },
        { pointer: '/name', code: 'too_big' },
      ],
      request,
    );
    expect(errors).toEqual({ name: 'required' });
  });
});

describe('submit button text and a phone that must be valid', () => {
  it('round-trips both, trimmed, empty languages left out', () => {
    const form: Form = {
      ...DEMO_FORM,
      fields: [...DEMO_FORM.fields, { name: 'phone', required: false, mustBeValid: true }],
      submitLabel: { en: 'Request a demo' },
    };
    const draft = draftFromForm(form);
    expect(draft.submitLabel).toEqual({ en: 'Request a demo', de: '', cs: '', uk: '' });
    expect(draft.fields.find((f) => f.name === 'phone')?.mustBeValid).toBe(true);
    const { body } = draftRequest({ ...draft, submitLabel: { ...draft.submitLabel, de: ' Demo anfragen ' } });
    expect(body.submitLabel).toEqual({ en: 'Request a demo', de: 'Demo anfragen' });
    expect(body.fields).toContainEqual({ name: 'phone', required: false, mustBeValid: true });
  });

  it('flags a button text that is too long', () => {
    expect(draftErrors(edit({ submitLabel: { en: 'x'.repeat(61), de: '', cs: '', uk: '' } }))).toEqual({
      'submitLabel.en': 'too-long',
    });
  });
});
