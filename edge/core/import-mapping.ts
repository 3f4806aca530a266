/**
 * Which CSV column feeds which lead field: guessed from header names (en, de, cs, uk and the export
 * headers of Salesforce, HubSpot and Pipedrive), editable by the user, then applied row by row into the
 * same RawLead every other channel produces — so a CSV row and a web form give the same lead.
 */

import type { FieldErrorCode } from '../contract/field-errors';
import type { ImportReason } from '../contract/import-reasons';
import { normalizeEmail } from './contact';
import type { ImportTarget } from './import-targets';
import type { RawLead } from './lead-input';
import { normalizeTag } from './tags';
import { cleanText, foldForMatch } from './text';

export { IMPORT_TARGETS, type ImportTarget } from './import-targets';

/** Header → target, one entry per column. */
export type ImportMapping = Record<string, ImportTarget>;

// Keys are headers folded by headerKey(): lower case, accents and everything but letters and digits gone.
const SYNONYMS: Record<Exclude<ImportTarget, 'custom' | 'ignore'>, string[]> = {
  firstName: [
    'firstname',
    'first',
    'givenname',
    'forename',
    'vorname',
    'jmeno',
    'krestnijmeno',
    'імя',
    'імя',
  ],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'familienname', 'prijmeni', 'прізвище'],
  fullName: ['name', 'fullname', 'personname', 'contactname', 'contact', 'kontakt', 'celejmeno', 'піб'],
  email: [
    'email',
    'emailaddress',
    'mail',
    'personemail',
    'emailadresse',
    'epost',
    'emailovaadresa',
    'електроннапошта',
    'пошта',
  ],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'mobilephonenumber',
    'personphone',
    'telefon',
    'telefonnummer',
    'handy',
    'mobil',
    'telefonnicislo',
    'телефон',
    'мобільний',
  ],
  company: [
    'company',
    'companyname',
    'organization',
    'organisation',
    'organizationname',
    'account',
    'accountname',
    'firma',
    'unternehmen',
    'spolecnost',
    'компанія',
    'організація',
  ],
  title: [
    'title',
    'jobtitle',
    'position',
    'role',
    'funktion',
    'berufsbezeichnung',
    'pozice',
    'funkce',
    'посада',
  ],
  industry: ['industry', 'branche', 'odvetvi', 'галузь'],
  employees: [
    'employees',
    'numberofemployees',
    'companysize',
    'mitarbeiter',
    'mitarbeiteranzahl',
    'pocetzamestnancu',
    'працівники',
    'кількістьпрацівників',
  ],
  country: ['country', 'countryregion', 'land', 'zeme', 'stat', 'країна'],
  region: ['region', 'state', 'stateregion', 'province', 'bundesland', 'kraj', 'область', 'регіон'],
  city: ['city', 'town', 'stadt', 'ort', 'mesto', 'місто'],
  description: [
    'description',
    'notes',
    'note',
    'comment',
    'comments',
    'beschreibung',
    'notiz',
    'popis',
    'poznamka',
    'опис',
    'примітка',
  ],
  source: ['source', 'leadsource', 'originalsource', 'quelle', 'leadquelle', 'zdroj', 'джерело'],
  campaign: ['campaign', 'campaignname', 'kampagne', 'kampan', 'кампанія'],
  tags: ['tags', 'tag', 'labels', 'label', 'stichworter', 'stitky', 'мітки', 'теги'],
};

/** Folds a header for matching: "Phone Number" → "phonenumber", "Ім'я" → "імя", "Person - Name" → "personname". */
export function headerKey(header: string): string {
  return foldForMatch(header).replace(/[^\p{L}\p{N}]+/gu, '');
}

const BY_KEY = new Map<string, ImportTarget>(
  Object.entries(SYNONYMS).flatMap(([target, keys]) => keys.map((k) => [k, target as ImportTarget])),
);

/** The guessed target of one header; unknown headers are kept as custom attributes. */
export function guessTarget(header: string): ImportTarget {
  const key = headerKey(header);
  const direct = BY_KEY.get(key);
  if (direct) return direct;
  // Pipedrive prefixes the entity ("Person - Email", "Organization - Name"); HubSpot says "Contact owner".
  const dash = header.split(' - ');
  if (dash.length === 2) {
    const [entity, field] = dash.map(headerKey) as [string, string];
    if (entity === 'organization' || entity === 'organisation')
      return field === 'name' ? 'company' : 'custom';
    if (entity === 'person' || entity === 'lead') return BY_KEY.get(field) ?? 'custom';
  }
  return 'custom';
}

/**
 * A mapping for a file's headers. Each field is taken once: a second column for the same field is kept
 * as custom; when both a full-name and a last-name column exist, the full name is kept as custom.
 */
export function guessMapping(headers: string[]): ImportMapping {
  const used = new Set<ImportTarget>();
  const mapping: ImportMapping = {};
  for (const h of headers) {
    const target = guessTarget(h);
    const taken = target !== 'custom' && target !== 'ignore' && used.has(target);
    mapping[h] = taken ? 'custom' : target;
    used.add(target);
  }
  if (used.has('lastName')) for (const h of headers) if (mapping[h] === 'fullName') mapping[h] = 'custom';
  return mapping;
}

/** Problems with a mapping as a whole (the import refuses it as `validation-failed`, with these pointers). */
export function checkMapping(
  headers: string[],
  mapping: ImportMapping,
): Array<{ pointer: string; detail: string; code: FieldErrorCode }> {
  const errors: Array<{ pointer: string; detail: string; code: FieldErrorCode }> = [];
  for (const key of Object.keys(mapping))
    if (!headers.includes(key))
      errors.push({
        pointer: `/mapping/${key}`,
        detail: `The file has no column "${key}".`,
        code: 'unknown-column',
      });
  const targets = headers.map((h) => mapping[h] ?? 'ignore');
  if (!targets.includes('lastName') && !targets.includes('fullName'))
    errors.push({
      pointer: '/mapping',
      detail: 'Map a column to the last name (or to the full name).',
      code: 'last-name-required',
    });
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (t === 'custom' || t === 'ignore') return;
    if (seen.has(t))
      errors.push({
        pointer: `/mapping/${headers[i]}`,
        detail: `Two columns are mapped to ${t}.`,
        code: 'duplicate-target',
      });
    seen.add(t);
  });
  return errors;
}

/** One mapped row: the lead as any channel would send it, plus the import-only fields. */
export type MappedRow =
  | { ok: true; lead: RawLead; source: string | null; campaign: string | null; tags: string[] }
  | { ok: false; reason: ImportReason };

/** Splits "Jana Nováková" into first and last; "Nováková, Jana" (last, first) too. */
export function splitFullName(full: string): { firstName: string | null; lastName: string } {
  const text = cleanText(full) ?? '';
  if (text.includes(',')) {
    const [last, ...rest] = text.split(',');
    return { firstName: cleanText(rest.join(' ')), lastName: cleanText(last) ?? '' };
  }
  const parts = text.split(' ');
  const lastName = parts.pop() ?? '';
  return { firstName: parts.length ? parts.join(' ') : null, lastName };
}

/** Applies a mapping to one row's cells (aligned to the headers). Invalid rows say why. */
export function mapRow(headers: string[], cells: string[], mapping: ImportMapping): MappedRow {
  const fields: Partial<Record<ImportTarget, string>> = {};
  const custom: Record<string, string> = {};
  headers.forEach((h, i) => {
    const value = cleanText(cells[i]);
    const target = mapping[h] ?? 'ignore';
    if (!value || target === 'ignore') return;
    if (target === 'custom') custom[h] = value;
    else fields[target] = value;
  });
  const name = fields.fullName ? splitFullName(fields.fullName) : null;
  const lastName = fields.lastName ?? name?.lastName;
  if (!lastName) return { ok: false, reason: 'last-name-missing' };
  if (fields.email && !normalizeEmail(fields.email).ok) return { ok: false, reason: 'email-invalid' };
  const employees = fields.employees ? Number.parseInt(fields.employees.replace(/[\s.,']/g, ''), 10) : null;
  const lead: RawLead = {
    firstName: fields.firstName ?? name?.firstName ?? null,
    lastName,
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    company: fields.company ?? null,
    title: fields.title ?? null,
    industry: fields.industry ?? null,
    employees: employees !== null && Number.isFinite(employees) && employees >= 0 ? employees : null,
    country: fields.country ?? null,
    region: fields.region ?? null,
    city: fields.city ?? null,
    description: fields.description ?? null,
    custom,
  };
  const tags = (fields.tags ?? '')
    .split(/[,;|]/)
    .map((t) => normalizeTag(t))
    .filter((t): t is string => !!t);
  return { ok: true, lead, source: fields.source ?? null, campaign: fields.campaign ?? null, tags };
}

/** The downloadable template: one column per field a file can fill, in English. */
export const TEMPLATE_HEADERS = [
  'First Name',
  'Last Name',
  'Email',
  'Phone',
  'Company',
  'Job Title',
  'Industry',
  'Employees',
  'Country',
  'Region',
  'City',
  'Description',
  'Lead Source',
  'Campaign',
  'Tags',
];
