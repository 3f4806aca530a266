import { normalizeCountry, normalizeEmail, normalizePhone, type PhoneResult } from './contact';
import type { FormFieldSetting } from './form-settings';
import { buildSearchText, cleanText, companyMatchKey, foldForMatch } from './text';

/** Standard lead fields as they arrive from any channel (form, webhook, API, CSV), before normalization. */
export type RawLead = {
  firstName?: string | null;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  title?: string | null;
  industry?: string | null;
  employees?: number | null;
  country?: string | null;
  region?: string | null;
  city?: string | null;
  description?: string | null;
  custom?: Record<string, string>;
};

/** A lead ready to store: cleaned text, lower-cased IDNA email, E.164 phone where possible, match keys. */
export type NormalizedLead = {
  firstName: string | null;
  lastName: string;
  email: string | null;
  phone: string | null;
  phoneValid: boolean | null;
  company: string | null;
  companyKey: string | null;
  /** Folded last name, a blocking key for fuzzy duplicate candidates. */
  lastNameKey: string;
  title: string | null;
  industry: string | null;
  employees: number | null;
  country: string | null;
  region: string | null;
  city: string | null;
  description: string | null;
  searchText: string;
  custom: Record<string, string>;
};

/** The one normalization every channel goes through, so a web form, a webhook and a CSV row give the same lead. */
export function normalizeLead(raw: RawLead, defaultCountry: string): NormalizedLead {
  const firstName = cleanText(raw.firstName);
  const lastName = cleanText(raw.lastName) ?? '';
  const company = cleanText(raw.company);
  const country = normalizeCountry(cleanText(raw.country));
  const emailRaw = cleanText(raw.email);
  const email = emailRaw ? normalizeEmail(emailRaw) : null;
  const phone = leadPhone({ phone: raw.phone, country }, defaultCountry);
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.custom ?? {})) {
    const key = cleanText(k);
    const value = cleanText(v);
    if (key && value) custom[key] = value;
  }
  return {
    firstName,
    lastName,
    email: email?.ok ? email.email : null,
    phone: phone ? phone.phone : null,
    phoneValid: phone ? phone.valid : null,
    company,
    companyKey: companyMatchKey(company),
    lastNameKey: foldForMatch(lastName),
    title: cleanText(raw.title),
    industry: cleanText(raw.industry),
    employees: raw.employees ?? null,
    country,
    region: cleanText(raw.region),
    city: cleanText(raw.city),
    description: raw.description?.normalize('NFC').replaceAll('\u0000', '').trim() || null,
    searchText: buildSearchText([firstName, lastName, company]),
    custom,
  };
}

/**
 * The one phone rule of every channel (form, webhook, API, CSV import, lead edit): none when blank; E.164
 * when it parses, by the lead's country, else the organization's default; otherwise kept as entered and
 * flagged `valid: false`, never dropped.
 */
export function leadPhone(
  raw: { phone?: string | null; country?: string | null },
  defaultCountry: string,
): PhoneResult | null {
  const phone = cleanText(raw.phone);
  return phone ? normalizePhone(phone, normalizeCountry(cleanText(raw.country)), defaultCountry) : null;
}

/** A submission a form refuses beyond its shape: which field, and why. */
export type SubmissionIssue = { field: 'phone'; code: 'invalid_phone' };

/**
 * What a form refuses in a submission: a phone that does not parse, where the form marks the phone field
 * `mustBeValid`. Everywhere else an unparseable phone is kept, flagged (see `leadPhone`).
 */
export function submissionIssues(
  fields: readonly FormFieldSetting[],
  raw: RawLead,
  defaultCountry: string,
): SubmissionIssue[] {
  const strict = fields.some((f) => f.name === 'phone' && f.mustBeValid);
  const phone = strict ? leadPhone(raw, defaultCountry) : null;
  return phone && !phone.valid ? [{ field: 'phone', code: 'invalid_phone' }] : [];
}
