import type { CreateForm, Form } from '@contract/forms-admin';
import {
  FORM_DEFAULTS,
  FORM_FIELD_NAMES,
  FORM_LIMITS,
  FORM_LOCALES,
  type FormFieldName,
  type FormLocale,
  formSettingsIssues,
  type LocalizedText,
} from '@core/form-settings';
import { toPointer } from '@core/json-pointer';
import type { FieldError } from '../../api/problem';

/** Text inputs per locale, as typed (empty means "no text in this language"). */
export type LocaleTexts = Record<FormLocale, string>;

/** One standard field as the editor shows it: on the form or not, required or not, its labels. */
export type FieldDraft = {
  name: FormFieldName;
  included: boolean;
  required: boolean;
  label: LocaleTexts;
  /** Phone only: refuse a number that does not parse. */
  mustBeValid: boolean;
};

/** A form as its editor holds it: what the inputs show, strings where the user types. */
export type FormDraft = {
  name: string;
  defaultLocale: FormLocale;
  /** Every standard field: the form's own first, in its order, then the others in the usual order. */
  fields: FieldDraft[];
  consentText: LocaleTexts;
  afterSubmit: 'message' | 'redirect';
  successMessage: LocaleTexts;
  submitLabel: LocaleTexts;
  redirectUrl: string;
  allowedOrigins: string[];
  defaultSource: string;
  defaultCampaign: string;
  turnstileEnabled: boolean;
  turnstileSiteKey: string;
  signalsEnabled: boolean;
  minSubmitSeconds: string;
  rateLimitPerIp: string;
  rateLimitPerForm: string;
};

/** Why an input is not acceptable; the view maps each to a translated message. */
export type DraftErrorKind =
  | 'required'
  | 'too-long'
  | 'range'
  | 'too-many'
  | 'invalid-origin'
  | 'duplicate-origin'
  | 'invalid-redirect'
  | 'site-key-required'
  | 'site-key-format'
  | 'last-name-required'
  | 'duplicate-field'
  | 'rate-limit-order'
  | 'invalid';

/**
 * Errors by input key: `name`, `fields.email.required`, `fields.email.label.de`, `consentText.cs`,
 * `allowedOrigins.2`, …, the groups `fields` and `allowedOrigins`, and `form` for the rest.
 */
export type DraftErrors = Record<string, DraftErrorKind>;

export const NUMBER_KEYS = ['minSubmitSeconds', 'rateLimitPerIp', 'rateLimitPerForm'] as const;
export type NumberKey = (typeof NUMBER_KEYS)[number];

/** Lengths the API accepts, checked here first so the user hears at once. */
export const MAX_LENGTH = {
  name: 100,
  label: 200,
  consentText: 2000,
  successMessage: 1000,
  submitLabel: 60,
  redirectUrl: 2000,
  origin: 300,
  defaultSource: 200,
  defaultCampaign: 200,
  turnstileSiteKey: 200,
} as const;

const isFieldName = (name: string): name is FormFieldName =>
  (FORM_FIELD_NAMES as readonly string[]).includes(name);
const isLocale = (code: string): code is FormLocale => (FORM_LOCALES as readonly string[]).includes(code);

function localeTexts(texts: LocalizedText | Record<string, string> | null | undefined): LocaleTexts {
  const source: Record<string, string | undefined> = texts ?? {};
  return { en: source.en ?? '', de: source.de ?? '', cs: source.cs ?? '', uk: source.uk ?? '' };
}

/** The editor's starting point for a form (or, without one, for a new form with the defaults). */
export function draftFromForm(form: Form | null): FormDraft {
  const stored = form ?? { ...FORM_DEFAULTS, name: '' };
  const own = stored.fields.filter((f) => isFieldName(f.name));
  const rest = FORM_FIELD_NAMES.filter((name) => !own.some((f) => f.name === name));
  return {
    name: stored.name,
    defaultLocale: isLocale(stored.defaultLocale) ? stored.defaultLocale : 'en',
    fields: [
      ...own.map((f) => ({
        name: f.name as FormFieldName,
        included: true,
        required: f.required,
        label: localeTexts(f.label),
        mustBeValid: f.name === 'phone' && !!f.mustBeValid,
      })),
      ...rest.map((name) => ({
        name,
        included: false,
        required: false,
        label: localeTexts(null),
        mustBeValid: false,
      })),
    ],
    consentText: localeTexts(stored.consentText),
    afterSubmit: stored.redirectUrl ? 'redirect' : 'message',
    successMessage: localeTexts(stored.successMessage),
    submitLabel: localeTexts(stored.submitLabel),
    redirectUrl: stored.redirectUrl ?? '',
    allowedOrigins: [...stored.allowedOrigins],
    defaultSource: stored.defaultSource,
    defaultCampaign: stored.defaultCampaign ?? '',
    turnstileEnabled: stored.turnstileEnabled,
    turnstileSiteKey: stored.turnstileSiteKey ?? '',
    signalsEnabled: stored.signalsEnabled,
    minSubmitSeconds: String(stored.minSubmitSeconds),
    rateLimitPerIp: String(stored.rateLimitPerIp),
    rateLimitPerForm: String(stored.rateLimitPerForm),
  };
}

function presentTexts(texts: LocaleTexts): LocalizedText | null {
  const present = FORM_LOCALES.filter((code) => texts[code].trim() !== '');
  return present.length ? Object.fromEntries(present.map((code) => [code, texts[code].trim()])) : null;
}

/** Whole numbers only: "1.5", "1e3" and "" are not what the user meant by a count of seconds. */
const toInteger = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** The request body for a draft, and which draft rows the body's array positions came from. */
export type DraftRequest = {
  body: Required<CreateForm>;
  /** `body.fields[i]` is this field; `body.allowedOrigins[i]` is the draft's origin input number … */
  fieldAt: FormFieldName[];
  originAt: number[];
};

/** Turns the inputs into the API's settings; empty origin rows are left out, a last name is required. */
export function draftRequest(draft: FormDraft): DraftRequest {
  const fields = draft.fields.filter((f) => f.included);
  const origins = draft.allowedOrigins.flatMap((value, i) =>
    value.trim() ? [{ value: value.trim(), i }] : [],
  );
  const body: Required<CreateForm> = {
    name: draft.name.trim(),
    defaultLocale: draft.defaultLocale,
    fields: fields.map((f) => {
      const label = presentTexts(f.label);
      return {
        name: f.name,
        required: f.name === 'lastName' || f.required,
        ...(label && { label }),
        ...(f.name === 'phone' && f.mustBeValid && { mustBeValid: true }),
      };
    }),
    consentText: presentTexts(draft.consentText),
    successMessage: draft.afterSubmit === 'message' ? presentTexts(draft.successMessage) : null,
    submitLabel: presentTexts(draft.submitLabel),
    redirectUrl: draft.afterSubmit === 'redirect' ? draft.redirectUrl.trim() : null,
    allowedOrigins: origins.map((o) => o.value),
    defaultSource: draft.defaultSource.trim(),
    defaultCampaign: draft.defaultCampaign.trim() || null,
    turnstileEnabled: draft.turnstileEnabled,
    turnstileSiteKey: draft.turnstileSiteKey.trim() || null,
    signalsEnabled: draft.signalsEnabled,
    minSubmitSeconds: toInteger(draft.minSubmitSeconds),
    rateLimitPerIp: toInteger(draft.rateLimitPerIp),
    rateLimitPerForm: toInteger(draft.rateLimitPerForm),
  };
  return { body, fieldAt: fields.map((f) => f.name), originAt: origins.map((o) => o.i) };
}

const NUMBER_POINTERS = new Set<string>(NUMBER_KEYS);

/** The input key for a pointer into a request body built by `draftRequest`. */
function inputKey(pointer: string, request: DraftRequest): string {
  const [top = '', index, ...rest] = pointer.split('/').slice(1);
  switch (top) {
    case 'fields': {
      const name = index === undefined ? undefined : request.fieldAt[Number(index)];
      if (!name) return 'fields';
      if (rest[0] === 'required') return `fields.${name}.required`;
      if (rest[0] === 'label') return `fields.${name}.label.${rest[1] && isLocale(rest[1]) ? rest[1] : 'en'}`;
      return 'fields';
    }
    case 'consentText':
    case 'successMessage':
    case 'submitLabel':
      return `${top}.${index && isLocale(index) ? index : 'en'}`;
    case 'allowedOrigins': {
      const row = index === undefined ? undefined : request.originAt[Number(index)];
      return row === undefined ? 'allowedOrigins' : `allowedOrigins.${row}`;
    }
    case 'name':
    case 'defaultLocale':
    case 'redirectUrl':
    case 'defaultSource':
    case 'defaultCampaign':
    case 'turnstileSiteKey':
    case 'minSubmitSeconds':
    case 'rateLimitPerIp':
    case 'rateLimitPerForm':
      return top;
    default:
      return 'form';
  }
}

const RULE_KINDS: Record<string, DraftErrorKind> = {
  invalid_origin: 'invalid-origin',
  duplicate_origin: 'duplicate-origin',
  invalid_redirect: 'invalid-redirect',
  site_key_required: 'site-key-required',
  last_name_required: 'last-name-required',
  duplicate_field: 'duplicate-field',
  rate_limit_order: 'rate-limit-order',
};

function errorKind(key: string, code: string | undefined): DraftErrorKind {
  if (code && Object.hasOwn(RULE_KINDS, code)) return RULE_KINDS[code]!;
  const numeric = NUMBER_POINTERS.has(key);
  if (key === 'allowedOrigins' && code === 'too_big') return 'too-many';
  if (key.startsWith('allowedOrigins.')) return 'invalid-origin';
  if (key === 'turnstileSiteKey' && code === 'invalid_format') return 'site-key-format';
  if (code === 'too_small') return numeric ? 'range' : 'required';
  if (code === 'too_big') return numeric ? 'range' : 'too-long';
  if (numeric) return 'range';
  return 'invalid';
}

/** Maps field errors (a 422 problem's, or our own checks') onto the inputs; the first one per input wins. */
export function draftErrorsFrom(
  errors: readonly Pick<FieldError, 'pointer' | 'code'>[],
  request: DraftRequest,
) {
  const found: DraftErrors = {};
  for (const error of errors) {
    const key = inputKey(error.pointer, request);
    found[key] ??= errorKind(key, error.code);
  }
  return found;
}

function lengthErrors(draft: FormDraft, request: DraftRequest): DraftErrors {
  const errors: DraftErrors = {};
  const long = (key: string, text: string, max: number) => {
    if (text.trim().length > max) errors[key] = 'too-long';
  };
  long('name', draft.name, MAX_LENGTH.name);
  long('defaultSource', draft.defaultSource, MAX_LENGTH.defaultSource);
  long('defaultCampaign', draft.defaultCampaign, MAX_LENGTH.defaultCampaign);
  long('redirectUrl', request.body.redirectUrl ?? '', MAX_LENGTH.redirectUrl);
  for (const code of FORM_LOCALES) {
    long(`consentText.${code}`, draft.consentText[code], MAX_LENGTH.consentText);
    long(`successMessage.${code}`, draft.successMessage[code], MAX_LENGTH.successMessage);
    long(`submitLabel.${code}`, draft.submitLabel[code], MAX_LENGTH.submitLabel);
    for (const f of draft.fields) long(`fields.${f.name}.label.${code}`, f.label[code], MAX_LENGTH.label);
  }
  draft.allowedOrigins.forEach((o, i) => {
    long(`allowedOrigins.${i}`, o, MAX_LENGTH.origin);
  });
  return errors;
}

/** What is wrong with the draft, by the same rules the API applies; empty when it can be saved. */
export function draftErrors(draft: FormDraft): DraftErrors {
  const request = draftRequest(draft);
  const { body } = request;
  const errors: DraftErrors = lengthErrors(draft, request);
  if (!body.name) errors.name = 'required';
  if (!body.defaultSource) errors.defaultSource = 'required';
  if (draft.afterSubmit === 'redirect' && !body.redirectUrl) errors.redirectUrl = 'required';
  if (body.turnstileSiteKey && !/^[A-Za-z0-9_-]+$/.test(body.turnstileSiteKey))
    errors.turnstileSiteKey = 'site-key-format';
  for (const key of NUMBER_KEYS) {
    const { min, max } = FORM_LIMITS[key];
    const value = body[key];
    if (!Number.isInteger(value) || value < min || value > max) errors[key] = 'range';
  }
  if (body.allowedOrigins.length > FORM_LIMITS.allowedOrigins) errors.allowedOrigins = 'too-many';
  const numbersOk = NUMBER_KEYS.every((key) => !errors[key]);
  const issues = formSettingsIssues(body).filter((i) => numbersOk || i.code !== 'rate_limit_order');
  const rules = draftErrorsFrom(
    issues.map((i) => ({ pointer: toPointer(i.path), code: i.code })),
    request,
  );
  return { ...rules, ...errors };
}
