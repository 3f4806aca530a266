import { PgTransaction } from 'drizzle-orm/pg-core';
import { isAbort, pgCode, UNIQUE_VIOLATION } from '../../../db/errors';
import type { Db, Executor, Tx } from '../../../db/types';
import type { Actor } from '../../core/actor';
import { normalizeLead, type RawLead } from '../../core/lead-input';
import { storedPageUrl } from '../../core/page-url';
import { scoreLead } from '../../core/score';
import { cleanText } from '../../core/text';
import type { Deps } from '../../deps';
import type { DuplicateKeys } from '../duplicates/find';
import { leadRow } from '../leads/rows';
import { type FillInput, fillKnownLead, KnownLeadGone } from './fill-known-lead';
import { type IdempotencyClaim, releaseClaim, storedResult } from './idempotency';
import { type DuplicateCandidate, insertNewLead, type NewLeadStatement } from './insert-new-lead';
import { loadOrgConfig, type OrgConfig } from './org-config';
import { needsLoads, openLeadCounts, planRouting } from './route-lead';

export type Channel = 'form' | 'webhook' | 'api';

/** One lead arriving by any channel, after boundary validation. */
export type IngestInput = {
  organizationId: string;
  channel: Channel;
  formId: string | null;
  sourceId?: string | null;
  lead: RawLead;
  source: string | null;
  campaign: string | null;
  pagesViewed?: string[];
  /** Behavioural: time on the page before submitting (kept with the event, not scored). */
  timeOnPageMs?: number;
  page?: string | null;
  consent?: { given: boolean; text?: unknown } | null;
  actor: Actor;
  /** The user entering the lead by hand, who gets it when routing does not assign it. */
  creator?: string | null;
  defaultCountry: string;
  idempotency?: IdempotencyClaim | null;
};

/** What a channel answers; identical for a new and a known person, so public endpoints reveal nothing. */
export type IngestResult = { receiptId: string; leadId: string; outcome: 'created' | 'updated' };

export type IngestDeps = Pick<Deps, 'now' | 'newId' | 'pii' | 'newLeads'> & {
  orgConfig: (db: Db | Tx, organizationId: string) => Promise<OrgConfig>;
};

/** Ingestion's dependencies: the app's, with organization configuration read through the cache. */
export function ingestDeps(deps: Deps): IngestDeps {
  return {
    ...deps,
    orgConfig: (db, orgId) => deps.caches.orgConfig.get(orgId, () => loadOrgConfig(db, orgId)),
  };
}

export type IngestOutcome = IngestResult & {
  replayed: boolean;
  keys: DuplicateKeys | null;
  /** The fuzzy check's candidates, read with the insert (null: read them when checking). */
  candidates?: DuplicateCandidate[] | null;
};

/**
 * The ingestion pipeline's write side. A new person costs one atomic statement (insertNewLead: lead,
 * events, assignment, idempotency claim). A person a unique index already knows (email, then phone) gets
 * their lead's empty fields filled in a short transaction that also completes the claim. A key already
 * held (`claimTaken`) replays the first answer; a unique violation from a concurrent insert, or a known
 * lead gone before its fill, submits again.
 *
 * Called inside a transaction (a quarantine release), everything runs on that transaction: the group
 * commit's statements run on sessions of their own, so a grouped insert would commit apart from the
 * caller's transaction, and on a one-connection database (PGlite) wait forever for the connection the
 * transaction holds.
 */
export async function ingestLead(deps: IngestDeps, db: Executor, input: IngestInput): Promise<IngestOutcome> {
  const p = await prepare(deps, db, input);
  const grouped = db instanceof PgTransaction ? undefined : deps.newLeads;
  for (let attempt = 0; ; attempt++) {
    try {
      const { id: createdId, candidates } = grouped
        ? await grouped.insert(p.statement)
        : await insertNewLead(db, deps, p.statement);
      if (createdId)
        return {
          receiptId: p.receiptId,
          leadId: createdId,
          candidates,
          outcome: 'created',
          replayed: false,
          keys: p.keys,
        };
      return { ...(await fillKnown(db, input, p)), replayed: false, keys: null };
    } catch (error) {
      if (isAbort(error, 'claimTaken') && input.idempotency)
        return {
          ...(await storedResult<IngestResult>(db, input.organizationId, input.idempotency)),
          replayed: true,
          keys: null,
        };
      if (attempt < 3 && (pgCode(error) === UNIQUE_VIOLATION || error instanceof KnownLeadGone)) continue;
      throw error;
    }
  }
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Everything decided before touching the database: normalized, scored, sealed, routed on paper. */
async function prepare(deps: IngestDeps, db: Executor, input: IngestInput) {
  const now = deps.now();
  const orgId = input.organizationId;
  const config = await deps.orgConfig(db, orgId);
  const lead = normalizeLead(input.lead, input.defaultCountry);
  const scored = scoreLead(
    { ...lead, channel: input.channel, pagesViewed: input.pagesViewed },
    config.scoring.rules,
  );
  const receiptId = deps.newId('sub');
  const row = await leadRow(deps, orgId, lead, now);
  const context = {
    receiptId,
    channel: input.channel,
    source: input.source,
    formId: input.formId,
    sourceId: input.sourceId ?? null,
    // Addresses keep no query values a visitor typed (an email in `?email=`): the event lives as long as the lead.
    page: storedPageUrl(input.page),
    consent: input.consent
      ? {
          ...input.consent,
          text: typeof input.consent.text === 'string' ? cleanText(input.consent.text) : input.consent.text,
          at: now.toISOString(),
        }
      : null,
    signals: input.pagesViewed?.length
      ? { pagesViewed: input.pagesViewed.map(storedPageUrl), timeOnPageMs: input.timeOnPageMs }
      : input.timeOnPageMs !== undefined
        ? { timeOnPageMs: input.timeOnPageMs }
        : undefined,
  };
  const stored = {
    ...row,
    id: row.id!,
    source: input.source,
    campaign: input.campaign,
    formId: input.formId,
    score: scored.score,
    scoreBreakdown: scored.breakdown,
    scoreVersion: config.scoring.version,
  };
  const statement: NewLeadStatement = {
    lead: stored,
    actor: input.actor,
    now,
    createdEvent: { ...context, dedupe: { rule: 'none' }, score: scored.score, breakdown: scored.breakdown },
    plan: planRouting(config, stored, {
      now,
      loads: needsLoads(config) ? await openLeadCounts(db, orgId) : undefined,
    }),
    creator: input.creator ?? null,
    receiptId,
    claim: input.idempotency ?? null,
    blocking: lead.companyKey ? { companyKey: lead.companyKey, lastNameKey: lead.lastNameKey || null } : null,
  };
  const keys = {
    firstName: lead.firstName,
    lastName: lead.lastName,
    companyKey: lead.companyKey,
    lastNameKey: lead.lastNameKey,
  };
  return { now, receiptId, lead, row, scored, context, statement, keys };
}

/**
 * The known-person path: fill the known lead, completing the pending claim in the same statement. First
 * without a transaction (read, then a write that applies only at the version read); when the lead changed
 * in between (another submission of the same person, an SDR's edit), again under the row lock.
 */
async function fillKnown(db: Executor, input: IngestInput, p: Prepared): Promise<IngestResult> {
  const result = (leadId: string): IngestResult => ({ receiptId: p.receiptId, leadId, outcome: 'updated' });
  const { idempotency } = input;
  const fill: FillInput = {
    organizationId: input.organizationId,
    actor: input.actor,
    lead: p.lead,
    row: p.row,
    scored: p.scored,
    context: p.context,
    now: p.now,
  };
  // The pending claim is completed by the statement that writes the fill.
  const complete = idempotency ? { claim: idempotency, result } : undefined;
  try {
    try {
      return result(await fillKnownLead(db, fill, complete));
    } catch (error) {
      if (!isAbort(error, 'leadMoved')) throw error;
    }
    return result(await db.transaction((tx) => fillKnownLead(tx, fill, complete, { lock: true })));
  } catch (error) {
    // Free the pending key so that the client's retry does the work instead of waiting for it to go stale.
    if (idempotency) await releaseClaim(db, input.organizationId, idempotency).catch(() => {});
    throw error;
  }
}
