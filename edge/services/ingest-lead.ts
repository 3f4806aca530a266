import { and, eq, or, type SQLWrapper, sql } from 'drizzle-orm';
import { runBatch } from '../../db/batch';
import { leadEvents, leads } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Db, Tx } from '../../db/types';
import type { DedupeRuleId } from '../core/dedupe';
import { type NormalizedLead, normalizeLead, type RawLead } from '../core/lead-input';
import { scoreLead } from '../core/score';
import { buildSearchText } from '../core/text';
import type { Deps } from '../deps';
import { type Actor, recordEvents } from './events';
import type { DuplicateKeys } from './find-duplicates';
import { claimStatement, type IdempotencyClaim, IdempotencyConflict, storedResult } from './idempotency';
import { leadRow } from './lead-rows';
import { loadOrgConfig, type OrgConfig } from './org-config';
import { planRouting, routingStatements } from './route-lead';

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
  page?: string | null;
  consent?: { given: boolean; text?: unknown } | null;
  actor: Actor;
  defaultCountry: string;
  idempotency?: IdempotencyClaim | null;
};

/** What a channel answers; identical for a new and a known person, so public endpoints reveal nothing. */
export type IngestResult = { receiptId: string; leadId: string; outcome: 'created' | 'updated' };

export type IngestDeps = Pick<Deps, 'now' | 'newId' | 'pii'> & {
  orgConfig: (db: Db | Tx, organizationId: string) => Promise<OrgConfig>;
};

const UNIQUE_VIOLATION = '23505';

/** Ingestion's dependencies: the app's, with organization configuration read through the cache. */
export function ingestDeps(deps: Deps): IngestDeps {
  return {
    ...deps,
    orgConfig: (db, orgId) => deps.caches.orgConfig.get(orgId, () => loadOrgConfig(db, orgId)),
  };
}

/**
 * The ingestion pipeline's write side, in one transaction: normalize, score, insert — or, when a unique
 * index says the person is known (email, then phone), fill the known lead's empty fields — route new
 * leads, record every decision as an event, and claim the idempotency key with the result. A unique
 * violation from a concurrent writer retries the whole transaction, which then sees that writer's row;
 * a key already claimed rolls the work back and replays the first result.
 */
export async function ingestLead(
  deps: IngestDeps,
  db: Db,
  input: IngestInput,
): Promise<IngestResult & { replayed: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ...(await db.transaction((tx) => ingestOnce(deps, tx, input))), replayed: false };
    } catch (error) {
      if (error instanceof IdempotencyConflict && input.idempotency)
        return {
          ...(await storedResult<IngestResult>(db, input.organizationId, input.idempotency)),
          replayed: true,
        };
      if (attempt < 3 && pgCode(error) === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

async function ingestOnce(
  deps: IngestDeps,
  tx: Tx,
  input: IngestInput,
): Promise<IngestResult & { keys: DuplicateKeys | null }> {
  const now = deps.now();
  const orgId = input.organizationId;
  const config = await deps.orgConfig(tx, orgId);
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
    page: input.page ?? null,
    consent: input.consent ? { ...input.consent, at: now.toISOString() } : null,
    signals: input.pagesViewed?.length ? { pagesViewed: input.pagesViewed } : undefined,
  };
  const stored = {
    ...row,
    source: input.source,
    campaign: input.campaign,
    formId: input.formId,
    score: scored.score,
    scoreBreakdown: scored.breakdown,
    scoreVersion: config.scoring.version,
  };
  const plan = planRouting(config, { ...stored, id: row.id! });
  const inserted = await insertWithCreatedEvent(
    tx,
    stored,
    input.actor,
    now,
    plan?.kind === 'team' ? plan.sequence : null,
    {
      ...context,
      dedupe: { rule: 'none' },
      score: scored.score,
      breakdown: scored.breakdown,
    },
  );
  const followUps: SQLWrapper[] = [];
  let result: IngestResult;
  if (inserted) {
    if (plan)
      followUps.push(
        ...routingStatements(deps, tx, plan, inserted.turn, { ...stored, id: inserted.id }, now),
      );
    result = { receiptId, leadId: inserted.id, outcome: 'created' };
  } else {
    const leadId = await mergeIntoKnown(tx, input, lead, row, scored, context, now);
    result = { receiptId, leadId, outcome: 'updated' };
  }
  if (input.idempotency) followUps.push(claimStatement(tx, orgId, input.idempotency, result, now));
  const last = await runBatch(tx, followUps);
  if (input.idempotency && last.length === 0) throw new IdempotencyConflict();
  const keys = {
    firstName: lead.firstName,
    lastName: lead.lastName,
    companyKey: lead.companyKey,
    lastNameKey: lead.lastNameKey,
  };
  return { ...result, keys: result.outcome === 'created' ? keys : null };
}

/**
 * INSERT … ON CONFLICT DO NOTHING, its `created` event and — for a round-robin rule — the rotation's next
 * turn, in one statement: nothing (null) when a unique index says the person is known.
 */
async function insertWithCreatedEvent(
  tx: Tx,
  stored: typeof leads.$inferInsert,
  actor: Actor,
  now: Date,
  turnSequence: string | null,
  data: Record<string, unknown>,
): Promise<{ id: string; turn: number | null } | null> {
  const insert = tx.insert(leads).values(stored).onConflictDoNothing().returning({ id: leads.id });
  const turn = turnSequence ? sql`nextval(${turnSequence}::regclass)` : sql`null::bigint`;
  const rows = await runBatch<{ id: string; turn: string | number | null }>(tx, [
    sql`with ins as (${insert.getSQL()}),
      ev as (insert into ${leadEvents} (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
        select ${stored.organizationId}, ins.id, 'lead', ins.id, 'created', ${actor.type}::actor_type, ${actor.id},
               ${JSON.stringify(data)}::jsonb, ${now.toISOString()}::timestamptz
        from ins)
      select ins.id, ${turn} as turn from ins`,
  ]);
  const row = rows[0];
  return row ? { id: row.id, turn: row.turn == null ? null : Number(row.turn) } : null;
}

const FILLABLE = [
  'firstName',
  'title',
  'company',
  'companyKey',
  'industry',
  'employees',
  'country',
  'region',
  'city',
  'description',
] as const;

/**
 * Updates the lead a unique index matched: fills its empty fields, keeps its existing values, records what
 * was filled and what differed (personal values only as ciphertext), and bumps its last activity.
 */
async function mergeIntoKnown(
  tx: Tx,
  input: IngestInput,
  lead: NormalizedLead,
  row: Awaited<ReturnType<typeof leadRow>>,
  scored: ReturnType<typeof scoreLead>,
  context: Record<string, unknown>,
  now: Date,
): Promise<string> {
  const orgId = input.organizationId;
  const byEmail = row.emailIndex ? eq(leads.emailIndex, row.emailIndex) : undefined;
  const byPhone =
    row.phoneIndex && row.phoneValid
      ? and(eq(leads.phoneIndex, row.phoneIndex), eq(leads.phoneValid, true))
      : undefined;
  const [known] = await tx
    .select()
    .from(leads)
    .where(inOrg(leads, orgId, sql`${leads.deletedAt} is null`, or(byEmail, byPhone)))
    .orderBy(row.emailIndex ? sql`(${leads.emailIndex} = ${row.emailIndex}) desc` : sql`1`)
    .limit(1)
    .for('update');
  if (!known) throw Object.assign(new Error('conflicting lead vanished; retry'), { code: UNIQUE_VIOLATION });
  const rule: DedupeRuleId =
    row.emailIndex && known.emailIndex === row.emailIndex ? 'email-exact' : 'phone-exact';

  const patch: Partial<typeof leads.$inferInsert> = {};
  const filled: string[] = [];
  const conflicts: Array<{ field: string; kept?: unknown; submitted?: unknown }> = [];
  for (const field of FILLABLE) {
    const incoming = lead[field];
    if (incoming == null) continue;
    if (known[field] == null) {
      (patch as Record<string, unknown>)[field] = incoming;
      filled.push(field);
    } else if (known[field] !== incoming && field !== 'companyKey') {
      conflicts.push({ field, kept: known[field], submitted: incoming });
    }
  }
  for (const [field, ct, idx] of [
    ['email', row.emailCiphertext, row.emailIndex],
    ['phone', row.phoneCiphertext, row.phoneIndex],
  ] as const) {
    if (!idx) continue;
    const knownIdx = field === 'email' ? known.emailIndex : known.phoneIndex;
    if (knownIdx == null) {
      Object.assign(
        patch,
        field === 'email'
          ? { emailCiphertext: ct, emailIndex: idx }
          : { phoneCiphertext: ct, phoneIndex: idx, phoneValid: row.phoneValid },
      );
      filled.push(field);
    } else if (knownIdx !== idx) conflicts.push({ field, submitted: ct });
  }
  const newCustom = Object.fromEntries(Object.entries(lead.custom).filter(([k]) => !(k in known.custom)));
  if (Object.keys(newCustom).length) {
    patch.custom = { ...known.custom, ...newCustom };
    filled.push(...Object.keys(newCustom).map((k) => `custom.${k}`));
  }
  const rescored =
    scored.score > known.score ? { score: scored.score, scoreBreakdown: scored.breakdown } : {};
  await tx
    .update(leads)
    .set({
      ...patch,
      ...rescored,
      searchText: buildSearchText([
        known.firstName ?? lead.firstName,
        known.lastName,
        known.company ?? lead.company,
      ]),
      lastActivityAt: now,
      updatedAt: now,
      version: sql`${leads.version} + 1`,
    })
    .where(eq(leads.id, known.id));
  await recordEvents(tx, [
    {
      organizationId: orgId,
      leadId: known.id,
      type: 'resubmitted',
      actor: input.actor,
      at: now,
      data: {
        ...context,
        dedupe: { rule },
        filled,
        conflicts,
        ...('score' in rescored ? { score: rescored.score } : {}),
      },
    },
  ]);
  return known.id;
}
