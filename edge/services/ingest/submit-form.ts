import { fieldErrors } from '../../contract/issues';
import {
  ELAPSED_FIELD,
  HONEYPOT_FIELD,
  LEAD_FIELD_NAMES,
  type LeadFields,
  LeadFieldsSchema,
  type Submission,
  TURNSTILE_FIELD,
} from '../../contract/submissions';
import { AppError } from '../../core/errors';
import { mapLeadgateFields, mapSalesforceWebToLead } from '../../core/field-maps';
import { type RawLead, submissionIssues } from '../../core/lead-input';
import { sha256 } from '../../crypto/encoding';
import type { Deps } from '../../deps';
import type { FormRecord } from './forms';
import { completedResult, type IdempotencyClaim } from './idempotency';
import { type IngestResult, ingestDeps, ingestLead } from './ingest-lead';
import { checkSpam, quarantineSubmission } from './spam';

/** A submission as it reached the form endpoint: JSON from the widget, or a plain HTML form post. */
export type FormPayload =
  | {
      kind: 'json';
      data: Submission;
      rawBody: string;
      idempotencyKey: string | null;
      /** The `CF-Turnstile-Response` header: the widget's token, outside the idempotency-hashed body. */
      turnstileHeader?: string | null;
    }
  | { kind: 'form'; data: Record<string, string | string[]> };

export type AcceptedSubmission = {
  fields: LeadFields;
  custom: Record<string, string>;
  consent: boolean | undefined;
  pagesViewed: string[] | undefined;
  timeOnPageMs?: number;
  spam: { honeypot?: string; elapsedMs?: number; turnstileToken?: string };
  retUrl?: string;
  salesforce: boolean;
};

const CONTROL = new Set<string>([
  'consent',
  'pagesViewed',
  'timeOnPage',
  HONEYPOT_FIELD,
  ELAPSED_FIELD,
  TURNSTILE_FIELD,
]);
const SALESFORCE_MARKERS = ['last_name', 'first_name', 'oid', 'retURL'];
const SALESFORCE_NAMES: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  title: 'title',
  region: 'state',
  source: 'lead_source',
};

/** Reads either payload into standard fields + custom attributes + spam signals, validated like every channel. */
export function acceptPayload(payload: FormPayload): AcceptedSubmission {
  if (payload.kind === 'json') {
    const { data } = payload;
    const fields: Record<string, unknown> = {};
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) {
      if ((LEAD_FIELD_NAMES as string[]).includes(k)) fields[k] = v;
      else if (!CONTROL.has(k) && v != null) custom[k] = String(v);
    }
    return {
      fields: fields as LeadFields,
      custom,
      consent: data.consent,
      pagesViewed: data.pagesViewed,
      timeOnPageMs: data.timeOnPage,
      spam: {
        honeypot: data[HONEYPOT_FIELD],
        elapsedMs: data[ELAPSED_FIELD],
        turnstileToken: payload.turnstileHeader || data[TURNSTILE_FIELD],
      },
      salesforce: false,
    };
  }
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload.data)) flat[k] = Array.isArray(v) ? v.join(';') : v;
  const salesforce = SALESFORCE_MARKERS.some((m) => m in flat);
  const leadOnly = Object.fromEntries(Object.entries(flat).filter(([k]) => !CONTROL.has(k)));
  const mapped = salesforce ? mapSalesforceWebToLead(leadOnly) : mapLeadgateFields(leadOnly);
  const parsed = LeadFieldsSchema.safeParse(mapped.fields);
  if (!parsed.success) {
    // A field is named as the form posted it (a Salesforce form's names included).
    const posted = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return { ...i, path: [salesforce ? (SALESFORCE_NAMES[field] ?? field) : field, ...i.path.slice(1)] };
    });
    throw new AppError('validation-failed', { errors: fieldErrors(posted) });
  }
  const consent =
    flat.consent === undefined ? undefined : ['on', 'true', '1', 'yes'].includes(flat.consent.toLowerCase());
  return {
    fields: parsed.data,
    custom: mapped.custom,
    consent,
    pagesViewed: undefined,
    spam: {
      honeypot: flat[HONEYPOT_FIELD],
      elapsedMs: flat[ELAPSED_FIELD] ? Number(flat[ELAPSED_FIELD]) : undefined,
      turnstileToken: flat[TURNSTILE_FIELD],
    },
    retUrl: flat.retURL,
    salesforce,
  };
}

/**
 * A submission the spam checks or the form's rate limit held in the quarantine: answered with a receipt
 * like any other.
 */
export type HeldSubmission = { held: true; receiptId: string; replayed: false };

/**
 * A public form submission end to end after the HTTP checks: a key already accepted replays its answer
 * (on a Turnstile form before any spam check, so a retry needs no fresh token); spam checks (suspicious ones are
 * quarantined, never dropped); over the form's rate limit (`overFormLimit`), a submission is held with reason
 * `rate` unless it passed the form's Turnstile check; then the ingestion pipeline with the widget's
 * Idempotency-Key.
 */
export async function submitForm(
  deps: Deps,
  db: Parameters<typeof ingestLead>[1],
  form: FormRecord,
  payload: FormPayload,
  accepted: AcceptedSubmission,
  meta: { ip: string | null; page: string | null; overFormLimit?: boolean },
): Promise<(IngestResult & { replayed: boolean; held?: false }) | HeldSubmission> {
  refuseIssues(form, accepted);
  const claim = await idempotencyClaim(form, payload);
  // Only a Turnstile form needs the replay before the spam checks (its token is single-use). Elsewhere the
  // checks give a retry (same body, by the key's hash) the same verdict, and the claim in the new-lead
  // statement finds the stored answer: one round trip to the database fewer per submission.
  const done =
    claim && form.turnstileEnabled && (await completedResult<IngestResult>(db, form.organizationId, claim));
  if (done) return { ...done, replayed: true };
  const verdict = await checkSpam(deps, form, { ...accepted.spam, ip: meta.ip });
  if (!verdict.ok) {
    await hold(deps, db, form, payload, verdict.reason);
    if (verdict.reason === 'turnstile-unreachable')
      throw new AppError('service-unavailable', {
        detail: 'The anti-bot check could not be reached; please retry.',
        retryAfterSeconds: 10,
      });
    if (verdict.reason === 'turnstile-failed') throw new AppError('turnstile-failed');
    // A honeypot or a too-fast post is answered exactly as an accepted one (a receipt of the same form), so a
    // bot learns nothing; the submission waits in the quarantine for an admin to release or discard.
    return { held: true, receiptId: deps.newId('sub'), replayed: false };
  }
  // A passed Turnstile check is a person, flood or not: only the other submissions wait.
  if (meta.overFormLimit && !form.turnstileEnabled) {
    // A retry of a submission accepted before the flood replays its answer rather than waiting twice.
    const replay = claim && (await completedResult<IngestResult>(db, form.organizationId, claim));
    if (replay) return { ...replay, replayed: true };
    await hold(deps, db, form, payload, 'rate');
    return { held: true, receiptId: deps.newId('sub'), replayed: false };
  }
  const { source, campaign, ...lead } = accepted.fields;
  const consentText = form.consentText ?? null;
  return ingestLead(ingestDeps(deps), db, {
    organizationId: form.organizationId,
    channel: 'form',
    formId: form.id,
    lead: { ...(lead as RawLead), custom: accepted.custom },
    source: source ?? form.defaultSource,
    campaign: campaign ?? form.defaultCampaign,
    pagesViewed: form.signalsEnabled ? accepted.pagesViewed : undefined,
    timeOnPageMs: form.signalsEnabled ? accepted.timeOnPageMs : undefined,
    page: meta.page,
    consent:
      accepted.consent === undefined
        ? null
        : { given: accepted.consent, text: accepted.consent ? consentText : null },
    actor: { type: 'public', id: null },
    defaultCountry: form.defaultCountry,
    idempotency: claim,
  });
}

/** Holds a submission in the quarantine for an admin to release or discard, and records why. */
function hold(
  deps: Deps,
  db: Parameters<typeof quarantineSubmission>[1],
  form: FormRecord,
  payload: FormPayload,
  reason: string,
): Promise<string> {
  return quarantineSubmission(deps, db, {
    organizationId: form.organizationId,
    formId: form.id,
    channel: 'form',
    reason,
    payload: payload.data,
  });
}

/** `validation-failed` with a pointer per field the form refuses beyond shape (a phone it demands valid that does not parse). */
function refuseIssues(form: FormRecord, accepted: AcceptedSubmission): void {
  const issues = submissionIssues(form.fields, accepted.fields as RawLead, form.defaultCountry);
  if (issues.length === 0) return;
  throw new AppError('validation-failed', {
    errors: fieldErrors(
      issues.map((i) => ({
        path: [i.field],
        message: 'Enter a valid phone number',
        params: { code: i.code },
      })),
    ),
  });
}

/** The widget's Idempotency-Key, scoped to the form, with the hash of the body it came with. */
async function idempotencyClaim(form: FormRecord, payload: FormPayload): Promise<IdempotencyClaim | null> {
  return payload.kind === 'json' && payload.idempotencyKey
    ? { scope: `form:${form.id}`, key: payload.idempotencyKey, requestHash: await sha256(payload.rawBody) }
    : null;
}
