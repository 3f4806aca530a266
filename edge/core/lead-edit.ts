import { normalizeCountry } from './contact';
import { buildSearchText, cleanText, companyMatchKey, foldForMatch } from './text';

/** The plain (non-PII) fields a person may edit on a lead. */
export type EditableLead = {
  firstName: string | null;
  lastName: string;
  title: string | null;
  company: string | null;
  industry: string | null;
  employees: number | null;
  country: string | null;
  region: string | null;
  city: string | null;
  source: string | null;
  campaign: string | null;
  referredBy: string | null;
  description: string | null;
  custom: Record<string, string>;
};

/** An edit as sent: absent fields stay, null clears (the last name cannot be cleared). */
export type LeadEdit = { [K in keyof EditableLead]?: K extends 'lastName' ? string : EditableLead[K] };

/** Keys kept in step with the names: search text, and the duplicate-matching keys. */
export type DerivedKeys = { searchText: string; companyKey: string | null; lastNameKey: string };

export type FieldChange = { from: unknown; to: unknown };

export type EditPlan = {
  set: Partial<EditableLead> & Partial<DerivedKeys>;
  /** Field → before/after, for the audit event; only fields that really change. */
  changes: Record<string, FieldChange>;
  /** True when a field the score's demographic part reads changed. */
  refit: boolean;
};

const FIT_FIELDS = new Set<keyof EditableLead>(['industry', 'employees', 'title', 'country', 'region']);
const NAME_FIELDS = new Set<keyof EditableLead>(['firstName', 'lastName', 'company']);

/** Normalizes one field the way ingestion does (core's normalizeLead), so an edit and a form agree. */
function normalizeField<K extends keyof EditableLead>(key: K, value: LeadEdit[K]): EditableLead[K] {
  if (value === null || value === undefined) return null as EditableLead[K];
  if (key === 'employees') return value as EditableLead[K];
  if (key === 'custom') return cleanCustom(value as Record<string, string>) as EditableLead[K];
  // Descriptions keep their line breaks; other text is collapsed to one line.
  if (key === 'description') return ((value as string).normalize('NFC').trim() || null) as EditableLead[K];
  if (key === 'country') return normalizeCountry(cleanText(value as string)) as EditableLead[K];
  return cleanText(value as string) as EditableLead[K];
}

function cleanCustom(custom: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom)) {
    const value = cleanText(v);
    if (value) out[k] = value;
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Decides what an edit changes: normalized values that differ from the current ones, the derived keys
 * when a name or the company changes, and whether the score needs refitting. An edit that changes
 * nothing plans nothing (no write, no event, no new version).
 */
export function planLeadEdit(current: EditableLead, edit: LeadEdit): EditPlan {
  const set: EditPlan['set'] = {};
  const changes: EditPlan['changes'] = {};
  for (const key of Object.keys(edit) as Array<keyof EditableLead>) {
    if (edit[key] === undefined) continue;
    const next = normalizeField(key, edit[key]);
    // An all-blank last name would leave the lead nameless; it keeps the one it has.
    if (key === 'lastName' && !next) continue;
    if (same(next, current[key])) continue;
    Object.assign(set, { [key]: next });
    changes[key] = { from: current[key], to: next };
  }
  const keys = Object.keys(changes) as Array<keyof EditableLead>;
  if (keys.some((k) => NAME_FIELDS.has(k))) Object.assign(set, derivedKeys({ ...current, ...set }));
  return { set, changes, refit: keys.some((k) => FIT_FIELDS.has(k)) };
}

/** The search text and match keys of a lead's names, computed as ingestion computes them. */
export function derivedKeys(lead: Pick<EditableLead, 'firstName' | 'lastName' | 'company'>): DerivedKeys {
  return {
    searchText: buildSearchText([lead.firstName, lead.lastName, lead.company]),
    companyKey: companyMatchKey(lead.company),
    lastNameKey: foldForMatch(lead.lastName),
  };
}
