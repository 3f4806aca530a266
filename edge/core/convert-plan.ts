/** The pure part of converting a qualified lead into an account, a contact and an opportunity. */

/** The stages of an opportunity, in pipeline order; a new one starts at the first. */
export const OPPORTUNITY_STAGES = [
  'Qualification',
  'Needs Analysis',
  'Proposal',
  'Negotiation',
  'Closed Won',
  'Closed Lost',
] as const;

export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

/** Closed stages stamp the opportunity's close date. */
export function isClosedStage(stage: OpportunityStage): boolean {
  return stage === 'Closed Won' || stage === 'Closed Lost';
}

/** The lead fields conversion reads. */
export type ConvertibleLead = {
  status: string;
  firstName: string | null;
  lastName: string;
  company: string | null;
};

/** The fields that go to each new record, shown in the preview so the rep knows what carries over. */
export const CONVERSION_COPIES = {
  account: ['company', 'industry', 'employees'],
  contact: ['firstName', 'lastName', 'title', 'email', 'phone', 'documents'],
  opportunity: ['notes', 'source', 'campaign', 'formId', 'assignee', 'documents', 'history'],
} as const;

/** Minimum pg_trgm similarity for an account to be offered as the lead's company. */
export const ACCOUNT_MATCH_THRESHOLD = 0.3;

/** "[Company] - [First Last]", the default opportunity name. */
export function opportunityName(lead: Pick<ConvertibleLead, 'firstName' | 'lastName' | 'company'>): string {
  const person = [lead.firstName, lead.lastName].filter((p) => p?.trim()).join(' ');
  return `${lead.company?.trim() ?? ''} - ${person}`;
}

export type ConversionRefusal =
  | { ok: false; refusal: 'not-qualified'; status: string }
  | { ok: false; refusal: 'missing-fields'; fields: string[] };

/**
 * Whether the lead can convert: only QUALIFIED leads do, and a new account needs the company name
 * (linking to an existing account does not).
 */
export function checkConvertible(
  lead: ConvertibleLead,
  createsAccount: boolean,
): { ok: true } | ConversionRefusal {
  if (lead.status !== 'QUALIFIED') return { ok: false, refusal: 'not-qualified', status: lead.status };
  const missing: string[] = [];
  if (createsAccount && !lead.company?.trim()) missing.push('company');
  if (!lead.lastName.trim()) missing.push('lastName');
  return missing.length ? { ok: false, refusal: 'missing-fields', fields: missing } : { ok: true };
}

const MAX_DESCRIPTION = 10_000;

/**
 * The opportunity's description: the lead's description, then its notes oldest first, so what the SDR
 * learned reaches the account executive. Capped so a long history cannot bloat one row.
 */
export function opportunityDescription(description: string | null, notes: string[]): string | null {
  const parts = [description, ...notes].map((p) => p?.trim()).filter((p): p is string => !!p);
  if (parts.length === 0) return null;
  const text = parts.join('\n\n');
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}
