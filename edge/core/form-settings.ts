/**
 * The rules of a public form's settings that go beyond shape: which origins may embed it, where it may
 * redirect, which fields it must ask for. Pure, so the API and the dashboard check a form the same way.
 */
import { LEAD_FIELDS } from './lead-fields';

/** The locales a form's texts are written in (the widget speaks the same ones). */
export const FORM_LOCALES = ['en', 'de', 'cs', 'uk'] as const;
export type FormLocale = (typeof FORM_LOCALES)[number];

/** The standard lead fields a form may ask for, in their usual order. */
export const FORM_FIELD_NAMES = LEAD_FIELDS;
export type FormFieldName = (typeof FORM_FIELD_NAMES)[number];

/** Text per locale; a missing locale falls back to the form's default locale, then English. */
export type LocalizedText = Partial<Record<FormLocale, string>>;

export type FormFieldSetting = {
  name: string;
  required: boolean;
  label?: LocalizedText;
  /** Phone only: refuse a number that does not parse (elsewhere it is kept as entered, flagged). */
  mustBeValid?: boolean;
};

/** Everything about a form that an admin sets (its id and status aside). */
export type FormSettings = {
  name: string;
  fields: FormFieldSetting[];
  consentText: LocalizedText | null;
  successMessage: LocalizedText | null;
  /** The submit button's text; the widget's own ("Send") where a locale has none. */
  submitLabel: LocalizedText | null;
  redirectUrl: string | null;
  allowedOrigins: string[];
  defaultSource: string;
  defaultCampaign: string | null;
  turnstileEnabled: boolean;
  turnstileSiteKey: string | null;
  signalsEnabled: boolean;
  minSubmitSeconds: number;
  rateLimitPerIp: number;
  rateLimitPerForm: number;
  defaultLocale: FormLocale;
};

/** Bounds of the numeric settings, shared by the API's schema and the dashboard's inputs. */
export const FORM_LIMITS = {
  minSubmitSeconds: { min: 0, max: 60 },
  rateLimitPerIp: { min: 1, max: 1000 },
  rateLimitPerForm: { min: 1, max: 100_000 },
  allowedOrigins: 50,
} as const;

/** The fields a new form asks for where its creator names none. */
export const DEFAULT_FORM_FIELDS: FormFieldSetting[] = [
  { name: 'firstName', required: false },
  { name: 'lastName', required: true },
  { name: 'email', required: true },
  { name: 'phone', required: false },
  { name: 'company', required: false },
  { name: 'title', required: false },
];

/** A new form's settings where the creator leaves them out. */
export const FORM_DEFAULTS: Omit<FormSettings, 'name'> = {
  fields: DEFAULT_FORM_FIELDS,
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
};

export type FormSettingsIssueCode =
  | 'last_name_required'
  | 'duplicate_field'
  | 'invalid_origin'
  | 'duplicate_origin'
  | 'invalid_redirect'
  | 'site_key_required'
  | 'rate_limit_order';

/** One broken rule: where (a path into the settings, like a zod issue's) and which rule. */
export type FormSettingsIssue = { path: Array<string | number>; code: FormSettingsIssueCode };

const HOSTNAME = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * An allowed origin as the browser sends it in `Origin` (lower-case host, default port dropped), or null.
 * Accepted: `*`, `https://host[:port]`, and plain http only for `localhost` and `127.0.0.1` (development).
 * A path, query, credentials or a wildcard host are refused: `Origin` never carries them, so such an
 * entry would silently never match.
 */
export function normalizeEmbedOrigin(value: string): string | null {
  const raw = value.trim();
  if (raw === '*') return '*';
  if (!/^https?:\/\/[^/?#\\@\s]+\/?$/i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!HOSTNAME.test(url.hostname)) return null;
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) return null;
  return url.origin;
}

/**
 * Where a visitor may be sent after submitting: an absolute http(s) URL, or a path on the Leadgate
 * server starting with `/`. Protocol-relative `//host` and `/\host` are refused (they leave the server).
 */
export function isRedirectTarget(value: string): boolean {
  if (/[\s\p{Cc}]/u.test(value)) return false;
  if (value.startsWith('/')) return !/^\/[/\\]/.test(value);
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return HOSTNAME.test(url.hostname) && !url.username && !url.password;
  } catch {
    return false;
  }
}

type CheckedSettings = Pick<
  FormSettings,
  | 'fields'
  | 'allowedOrigins'
  | 'redirectUrl'
  | 'turnstileEnabled'
  | 'turnstileSiteKey'
  | 'rateLimitPerIp'
  | 'rateLimitPerForm'
>;

function fieldIssues(fields: readonly FormFieldSetting[]): FormSettingsIssue[] {
  const issues: FormSettingsIssue[] = [];
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    if (seen.has(field.name)) issues.push({ path: ['fields', i, 'name'], code: 'duplicate_field' });
    seen.add(field.name);
  });
  const lastName = fields.findIndex((f) => f.name === 'lastName');
  // Every lead has a last name: a form that does not require one could never create a lead.
  if (lastName < 0) issues.push({ path: ['fields'], code: 'last_name_required' });
  else if (!fields[lastName]!.required)
    issues.push({ path: ['fields', lastName, 'required'], code: 'last_name_required' });
  return issues;
}

function originIssues(origins: readonly string[], wildcard = true): FormSettingsIssue[] {
  const issues: FormSettingsIssue[] = [];
  const seen = new Set<string>();
  origins.forEach((value, i) => {
    const origin = normalizeEmbedOrigin(value);
    if (origin === null || (!wildcard && origin === '*'))
      issues.push({ path: ['allowedOrigins', i], code: 'invalid_origin' });
    else if (seen.has(origin)) issues.push({ path: ['allowedOrigins', i], code: 'duplicate_origin' });
    if (origin) seen.add(origin);
  });
  return issues;
}

/**
 * What is wrong with the origins an organization allows for all its forms: the rules of a form's own
 * list, except `*` (opening every form to every site is a choice made per form).
 */
export function sharedOriginIssues(origins: readonly string[]): FormSettingsIssue[] {
  return originIssues(origins, false);
}

/** Every rule the settings break, in the order of the form; empty when they are fine. */
export function formSettingsIssues(settings: CheckedSettings): FormSettingsIssue[] {
  const issues = [...fieldIssues(settings.fields), ...originIssues(settings.allowedOrigins)];
  if (settings.redirectUrl !== null && !isRedirectTarget(settings.redirectUrl))
    issues.push({ path: ['redirectUrl'], code: 'invalid_redirect' });
  if (settings.turnstileEnabled && !settings.turnstileSiteKey?.trim())
    issues.push({ path: ['turnstileSiteKey'], code: 'site_key_required' });
  if (settings.rateLimitPerIp > settings.rateLimitPerForm)
    issues.push({ path: ['rateLimitPerIp'], code: 'rate_limit_order' });
  return issues;
}
