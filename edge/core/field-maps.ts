/**
 * Maps foreign form payloads (Salesforce Web-to-Lead, HubSpot Forms v3, our own field names) onto our
 * standard lead fields. Nothing a visitor typed is dropped: whatever has no standard field lands in
 * `custom`. Values are only trimmed here; normalization (email, phone, NFC) happens later in normalizeLead.
 */

import { FORM_FIELD_NAMES } from './form-settings';

export type StandardField =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'company'
  | 'title'
  | 'industry'
  | 'employees'
  | 'country'
  | 'region'
  | 'city'
  | 'description'
  | 'source';

export type MappedLead = {
  fields: Partial<Record<StandardField, string>>;
  custom: Record<string, string>;
  /** The page the form was submitted on, when the payload says so (HubSpot `context.pageUri`). */
  page?: string | null;
  /** `null` when the payload says nothing about consent. */
  consent?: { given: boolean; text?: string } | null;
};

export type MapError = { error: string; pointer: string };

/**
 * Where one source key goes. A `fallback` field is filled only when its primary source left it empty;
 * a custom `alias` renames the key. A key without a rule goes to custom under its own name.
 */
type Rule = { field: StandardField; fallback?: true } | { alias: string } | 'control';

// The fields a form may ask for, plus the lead source that foreign payloads may carry.
const STANDARD_FIELDS: readonly StandardField[] = [...FORM_FIELD_NAMES, 'source'];

// Keys are lower case: Salesforce generates `URL` for the website field, most others in lower case.
const SALESFORCE_RULES = new Map<string, Rule>([
  ['first_name', { field: 'firstName' }],
  ['last_name', { field: 'lastName' }],
  ['email', { field: 'email' }],
  ['company', { field: 'company' }],
  ['title', { field: 'title' }],
  ['phone', { field: 'phone' }],
  ['mobile', { field: 'phone', fallback: true }],
  ['city', { field: 'city' }],
  ['state', { field: 'region' }],
  ['state_code', { field: 'region', fallback: true }],
  ['country', { field: 'country' }],
  ['country_code', { field: 'country', fallback: true }],
  ['industry', { field: 'industry' }],
  ['employees', { field: 'employees' }],
  ['lead_source', { field: 'source' }],
  ['description', { field: 'description' }],
  ['zip', { alias: 'postalCode' }],
  ['url', { alias: 'website' }],
  ...[
    'oid',
    'returl',
    'debug',
    'debugemail',
    'captcha_settings',
    'g-recaptcha-response',
    'submit',
    'encoding',
  ].map((key): [string, Rule] => [key, 'control']),
]);

const HUBSPOT_RULES = new Map<string, Rule>([
  ['firstname', { field: 'firstName' }],
  ['lastname', { field: 'lastName' }],
  ['email', { field: 'email' }],
  ['company', { field: 'company' }],
  ['jobtitle', { field: 'title' }],
  ['phone', { field: 'phone' }],
  ['mobilephone', { field: 'phone', fallback: true }],
  ['country', { field: 'country' }],
  ['state', { field: 'region' }],
  ['city', { field: 'city' }],
  ['zip', { alias: 'postalCode' }],
  ['industry', { field: 'industry' }],
  ['numemployees', { field: 'employees' }],
  ['message', { field: 'description' }],
  ['website', { alias: 'website' }],
  ['hs_lead_source', { field: 'source' }],
  ['lead_source', { field: 'source', fallback: true }],
  // Company-object fields (objectTypeId 0-2) fill the lead only where the contact fields left a gap.
  ['0-2/name', { field: 'company', fallback: true }],
  ['0-2/industry', { field: 'industry', fallback: true }],
  ['0-2/numberofemployees', { field: 'employees', fallback: true }],
  ['0-2/website', { alias: 'website' }],
]);

const LEADGATE_RULES = new Map<string, Rule>(STANDARD_FIELDS.map((field) => [field, { field }]));

/** A Salesforce Web-to-Lead form post; `00N…` custom fields keep their id as the custom key. */
export function mapSalesforceWebToLead(form: Record<string, string>): MappedLead {
  const { fields, custom } = applyRules(Object.entries(form), (key) =>
    SALESFORCE_RULES.get(key.toLowerCase()),
  );
  return { fields, custom, page: null, consent: null };
}

/** Our own field names (camelCase) as a plain form post; `consent` is read as a checkbox. */
export function mapLeadgateFields(form: Record<string, string>): MappedLead {
  const { consent: consentValue, ...rest } = form;
  const entries = Object.entries(rest);
  const given = readCheckbox(consentValue);
  // A value that is not a recognisable checkbox state is still something the visitor sent: keep it.
  if (given === undefined) entries.push(['consent', consentValue ?? '']);
  const { fields, custom } = applyRules(entries, (key) => LEADGATE_RULES.get(key));
  return { fields, custom, page: null, consent: given == null ? null : { given } };
}

/**
 * A HubSpot Forms v3 submission (`{ fields, context?, legalConsentOptions? }`). Repeated field names
 * (checkbox groups) join with `;`. The visitor's IP address is deliberately not kept.
 */
export function mapHubSpotSubmission(payload: unknown): MappedLead | MapError {
  if (!isObject(payload)) return { error: 'The submission must be a JSON object.', pointer: '' };
  const entries = readHubSpotFields(payload.fields);
  if ('error' in entries) return entries;
  const context = readHubSpotContext(payload.context);
  if ('error' in context) return context;
  const legal = readHubSpotConsent(payload.legalConsentOptions);
  if ('error' in legal) return legal;
  const { fields, custom } = applyRules(entries.entries, (key) => HUBSPOT_RULES.get(key.toLowerCase()));
  // What the visitor submitted wins over metadata that happens to share its key.
  for (const [key, value] of [...context.custom, ...legal.custom]) {
    if (!Object.hasOwn(custom, key)) setCustom(custom, key, value);
  }
  return { fields, custom, page: context.page, consent: legal.consent };
}

type Entries = Array<[string, string]>;

/**
 * Applies rules in an order that makes the result independent of key order: primary fields, then keys
 * kept under their own name, then renamed keys, then fallbacks. A value that finds its target taken
 * goes to custom under its source key, which is unique, so nothing is overwritten.
 */
function applyRules(
  entries: Entries,
  ruleFor: (key: string) => Rule | undefined,
): Pick<MappedLead, 'fields' | 'custom'> {
  const fields: Partial<Record<StandardField, string>> = {};
  const custom: Record<string, string> = {};
  const ranked = entries
    .map(([key, raw]) => ({ key, value: raw.trim(), rule: ruleFor(key) }))
    .filter((e) => e.value !== '' && e.rule !== 'control')
    .map((e) => ({ ...e, rank: rankOf(e.rule) }))
    .sort((a, b) => a.rank - b.rank);
  for (const { key, value, rule } of ranked) {
    if (rule === undefined || rule === 'control') setCustom(custom, key, value);
    else if ('alias' in rule) setCustom(custom, Object.hasOwn(custom, rule.alias) ? key : rule.alias, value);
    else if (fields[rule.field] === undefined) fields[rule.field] = value;
    else setCustom(custom, key, value);
  }
  return { fields, custom };
}

function rankOf(rule: Rule | undefined): number {
  if (rule === undefined || rule === 'control') return 1;
  if ('alias' in rule) return 2;
  return rule.fallback ? 3 : 0;
}

/** Defines an own property, so a key such as `__proto__` is stored like any other instead of vanishing. */
function setCustom(custom: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(custom, key, { value, enumerable: true, writable: true, configurable: true });
}

function readCheckbox(value: string | undefined): boolean | null | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return null;
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  return undefined;
}

/** HubSpot fields as entries keyed `name`, or `objectTypeId/name` for objects other than contacts. */
function readHubSpotFields(raw: unknown): { entries: Entries } | MapError {
  if (!Array.isArray(raw)) return { error: 'fields must be an array.', pointer: '/fields' };
  const joined = new Map<string, string[]>();
  for (const [i, field] of raw.entries()) {
    if (!isObject(field)) return { error: 'Each field must be an object.', pointer: `/fields/${i}` };
    const { name, value, objectTypeId } = field;
    if (typeof name !== 'string' || name.trim() === '') {
      return { error: 'A field needs a non-empty string name.', pointer: `/fields/${i}/name` };
    }
    if (objectTypeId != null && typeof objectTypeId !== 'string') {
      return { error: 'objectTypeId must be a string.', pointer: `/fields/${i}/objectTypeId` };
    }
    if (value != null && !['string', 'number', 'boolean'].includes(typeof value)) {
      return { error: 'A field value must be a string.', pointer: `/fields/${i}/value` };
    }
    const text = value == null ? '' : String(value).trim();
    if (text === '') continue;
    const key = hubSpotKey(name.trim(), objectTypeId);
    joined.set(key, [...(joined.get(key) ?? []), text]);
  }
  return { entries: [...joined].map(([key, values]) => [key, values.join(';')]) };
}

// Contact properties (0-1, the default) keep their bare name; HubSpot's embed also writes "0-1/email".
function hubSpotKey(name: string, objectTypeId: string | null | undefined): string {
  const typed = objectTypeId ? `${objectTypeId}/${name}` : name;
  return typed.startsWith('0-1/') ? typed.slice(4) : typed;
}

const CONTEXT_TO_CUSTOM = new Map([
  ['hutk', 'hubspotutk'],
  ['pageName', 'pageName'],
  ['pageId', 'pageId'],
  ['sfdcCampaignId', 'sfdcCampaignId'],
  ['goToWebinarWebinarKey', 'goToWebinarWebinarKey'],
]);

function readHubSpotContext(raw: unknown): { page: string | null; custom: Entries } | MapError {
  if (raw == null) return { page: null, custom: [] };
  if (!isObject(raw)) return { error: 'context must be an object.', pointer: '/context' };
  const custom: Entries = [];
  let page: string | null = null;
  // ipAddress is never read: personal data we have no use for.
  for (const key of ['pageUri', ...CONTEXT_TO_CUSTOM.keys()]) {
    const value = raw[key];
    if (value == null) continue;
    if (typeof value !== 'string') return { error: `${key} must be a string.`, pointer: `/context/${key}` };
    const text = value.trim();
    if (text === '') continue;
    if (key === 'pageUri') page = text;
    else custom.push([CONTEXT_TO_CUSTOM.get(key)!, text]);
  }
  return { page, custom };
}

type LegalBasis = { consent: MappedLead['consent']; custom: Entries };

/**
 * `consent.consentToProcess` (+ its text) becomes the consent; each communications checkbox is kept as
 * `hubspotSubscription.<subscriptionTypeId>`; a legitimate-interest basis is recorded, but is not consent.
 */
function readHubSpotConsent(raw: unknown): LegalBasis | MapError {
  if (raw == null) return { consent: null, custom: [] };
  const at = '/legalConsentOptions';
  if (!isObject(raw)) return { error: 'legalConsentOptions must be an object.', pointer: at };
  const custom: Entries = [];
  const interest = raw.legitimateInterest;
  if (isObject(interest) && typeof interest.legalBasis === 'string' && interest.legalBasis.trim() !== '') {
    custom.push(['hubspotLegalBasis', interest.legalBasis.trim()]);
  }
  const consent = raw.consent;
  if (consent == null) return { consent: null, custom };
  if (!isObject(consent)) return { error: 'consent must be an object.', pointer: `${at}/consent` };
  if (typeof consent.consentToProcess !== 'boolean') {
    return { error: 'consentToProcess must be a boolean.', pointer: `${at}/consent/consentToProcess` };
  }
  const communications = consent.communications ?? [];
  if (!Array.isArray(communications)) {
    return { error: 'communications must be an array.', pointer: `${at}/consent/communications` };
  }
  for (const [i, c] of communications.entries()) {
    if (
      !isObject(c) ||
      typeof c.value !== 'boolean' ||
      !['string', 'number'].includes(typeof c.subscriptionTypeId)
    ) {
      return {
        error: 'A communication needs a boolean value and a subscriptionTypeId.',
        pointer: `${at}/consent/communications/${i}`,
      };
    }
    custom.push([`hubspotSubscription.${c.subscriptionTypeId}`, String(c.value)]);
  }
  const text = typeof consent.text === 'string' ? consent.text.trim() : '';
  return {
    consent: text ? { given: consent.consentToProcess, text } : { given: consent.consentToProcess },
    custom,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
