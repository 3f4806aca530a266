import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/types';
import type { ImportReason } from '../../contract/import-reasons';
import type { Actor } from '../../core/actor';
import { FUZZY_RULE } from '../../core/dedupe';
import { eventsFrom, jsonObject, SYSTEM_ACTOR_SQL } from '../audit/events';

/** Lines per commit batch: one transaction each, so a crash loses at most one batch, which is redone. */
export const COMMIT_BATCH = 2_500;

export type BatchJob = {
  id: string;
  organizationId: string;
  actor: Actor;
  policy: 'skip' | 'fill_empty' | 'overwrite';
  now: Date;
};

// The staged lead's fields, read back from jsonb (camelCase keys, as leadRow writes them).
// The blind indexes, the company key and phone validity come from the staged row's own columns.
const RECORD = `("firstName" text, "lastName" text, title text, company text,
  "lastNameKey" text, industry text, employees int, country text, region text, city text, description text,
  custom jsonb, "searchText" text, "emailCiphertext" text, "phoneCiphertext" text,
  "piiKeyVersion" int, source text, campaign text, tags text[],
  score int, "scoreBreakdown" jsonb, "scoreVersion" int)`;
const OWN = `r.email_index as "emailIndex", r.phone_index as "phoneIndex", r.company_key as "companyKey",
  r.phone_valid as "phoneValid"`;
const FIELDS = sql.raw(`x${RECORD}`);

/**
 * The assignee, decided in the INSERT like ingestion does: a rule's user, or the next turn of a team
 * rule's round-robin sequence — nextval() per row, so the rotation is as fair as if the leads had arrived
 * one by one (two batches commit at once, so turns interleave between them, as concurrent submissions do).
 */
const ASSIGNEE = sql.raw(`case src.plan->>'kind'
  when 'user' then src.plan->>'userId'
  when 'team' then (select array_agg(p) from jsonb_array_elements_text(src.plan->'pool') p)
    [(nextval((src.plan->>'sequence')::regclass) % jsonb_array_length(src.plan->'pool'))::int + 1]
  end`);

/** The job's `imported` event for each row of `from` (the leads a statement wrote), by the job's actor. */
function imported(job: BatchJob, from: string, data: SQL): SQL {
  return eventsFrom(
    {
      organizationId: sql`${job.organizationId}`,
      leadId: sql.raw(`${from}.id`),
      type: 'imported',
      actorType: sql`${job.actor.type}::actor_type`,
      actorId: sql`${job.actor.id}`,
      data,
      at: sql`${job.now.toISOString()}::timestamptz`,
    },
    sql.raw(from),
  );
}

/** Inserts a batch's new leads (their assignee decided in the INSERT) with their `imported` events. */
async function insertCreated(tx: Tx, job: BatchJob, from: number, to: number): Promise<number> {
  const at = sql`${job.now.toISOString()}::timestamptz`;
  const result = (await tx.execute(sql`
    with src as (
      select r.line, r.lead_id, r.plan, r.match_lead_id, r.similarity, ${sql.raw(OWN)}, x.*
      from import_rows r, jsonb_to_record(r.lead) as ${FIELDS}
      where r.job_id = ${job.id} and r.line > ${from} and r.line <= ${to} and r.outcome = 'create' order by r.line),
    ins as (
      insert into leads (id, organization_id, first_name, last_name, title, company, company_key, last_name_key,
        industry, employees, country, region, city, description, custom, search_text, email_ciphertext, email_index,
        phone_ciphertext, phone_index, phone_valid, pii_key_version, source, campaign, tags, score, score_breakdown,
        score_version, assigned_to, created_at, updated_at, status_changed_at, last_activity_at)
      select src.lead_id, ${job.organizationId}, "firstName", "lastName", title, company, "companyKey", "lastNameKey",
        industry, employees, country, region, city, description, coalesce(custom, '{}'), "searchText", "emailCiphertext",
        "emailIndex", "phoneCiphertext", "phoneIndex", "phoneValid", "piiKeyVersion", source, campaign,
        coalesce(tags, '{}'), score, coalesce("scoreBreakdown", '[]'), "scoreVersion", ${ASSIGNEE}, ${at}, ${at}, ${at}, ${at}
      from src
      on conflict do nothing
      returning id, assigned_to),
    imported as (${imported(job, 'ins', sql`jsonb_build_object('jobId', ${job.id}::text, 'outcome', 'created')`)}),
    lost as (update import_rows set outcome = 'skip', reason = ${'added-after-preview' satisfies ImportReason}
      where job_id = ${job.id} and line > ${from} and line <= ${to} and outcome = 'create'
        and lead_id not in (select id from ins))
    select count(*)::int as n from ins`)) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]?.n ?? 0;
}

/**
 * The batch's `assigned` events, from the staged rows joined to the leads this batch inserted (by primary
 * key; created_at is the batch's time), then its possible-duplicate links. A separate statement, not CTEs
 * joined to the INSERT's RETURNING: a CTE has no statistics, and at one estimated row the planner
 * nested-looped thousands of rows over it (3.4 s for 2,343 rows).
 */
async function linkCreated(tx: Tx, job: BatchJob, from: number, to: number): Promise<void> {
  const at = sql`${job.now.toISOString()}::timestamptz`;
  await tx.execute(
    eventsFrom(
      {
        organizationId: sql`${job.organizationId}`,
        leadId: sql`r.lead_id`,
        type: 'assigned',
        ...SYSTEM_ACTOR_SQL,
        data: jsonObject({ from: sql`null`, to: sql`l.assigned_to`, rule: sql`r.plan->'rule'` }),
        at,
      },
      sql`import_rows r join leads l on l.id = r.lead_id and l.created_at = ${at}`,
      sql`r.job_id = ${job.id} and r.line > ${from} and r.line <= ${to} and r.outcome = 'create'
        and r.plan is not null and l.assigned_to is not null`,
    ),
  );
  await tx.execute(possibleDuplicateLinks(job, sql`and r.line > ${from} and r.line <= ${to}`));
}

/**
 * Links the created rows that are possible duplicates to the lead they resemble, each link explained by a
 * `possible_duplicate` event as ingestion's are. Only where both leads exist: the lead of an earlier row
 * may be in a batch committing at the same time (the job's last step links those), or not created at all
 * (the user skipped that row, or a lead with its email arrived after the preview).
 */
export function possibleDuplicateLinks(
  job: Pick<BatchJob, 'id' | 'organizationId' | 'now'>,
  lines: SQL = sql``,
) {
  const at = sql`${job.now.toISOString()}::timestamptz`;
  const org = job.organizationId;
  return sql`with links as (
      insert into duplicate_links (organization_id, lead_id, duplicate_of, rule, similarity, created_at)
      select ${org}, r.lead_id, r.match_lead_id, ${FUZZY_RULE.id}, r.similarity, ${at}
      from import_rows r
        join leads l on l.id = r.lead_id and l.organization_id = ${org}
        join leads d on d.id = r.match_lead_id and d.organization_id = ${org}
      where r.job_id = ${job.id} and r.outcome = 'create' and r.similarity is not null ${lines}
      on conflict do nothing
      returning lead_id, duplicate_of, similarity)
    ${eventsFrom(
      {
        organizationId: sql`${org}`,
        leadId: sql`lead_id`,
        type: 'possible_duplicate',
        ...SYSTEM_ACTOR_SQL,
        data: jsonObject({
          of: sql`duplicate_of`,
          rule: sql`${FUZZY_RULE.id}::text`,
          similarity: sql`similarity`,
          threshold: sql`${FUZZY_RULE.threshold}::real`,
          jobId: sql`${job.id}::text`,
        }),
        at,
      },
      sql`links`,
    )}`;
}

/**
 * Updates the batch's existing leads by the policy. Email and phone are only filled when the lead has
 * none and no other lead holds them, so an update can never break the unique indexes (and fail a batch).
 */
async function updateExisting(tx: Tx, job: BatchJob, from: number, to: number): Promise<number> {
  if (job.policy === 'skip') return 0;
  const pick = (col: string, key: string) =>
    job.policy === 'overwrite' ? `coalesce(x."${key}", l.${col})` : `coalesce(l.${col}, x."${key}")`;
  const set = [
    ['first_name', 'firstName'],
    ['title', 'title'],
    ['company', 'company'],
    ['company_key', 'companyKey'],
    ['industry', 'industry'],
    ['employees', 'employees'],
    ['country', 'country'],
    ['region', 'region'],
    ['city', 'city'],
    ['description', 'description'],
  ]
    .map(([col, key]) => `${col} = ${pick(col!, key!)}`)
    .join(', ');
  const custom =
    job.policy === 'overwrite'
      ? "l.custom || coalesce(x.custom, '{}')"
      : "coalesce(x.custom, '{}') || l.custom";
  const free = (col: string) =>
    `l.${col}_index is null and not exists (select 1 from leads o where o.organization_id = l.organization_id and o.${col}_index = x."${col}Index" and o.deleted_at is null)`;
  const result = (await tx.execute(sql`
    with x as materialized (
      select r.match_lead_id, ${sql.raw(OWN)}, f.* from import_rows r, jsonb_to_record(r.lead) as ${sql.raw(`f${RECORD}`)}
      where r.job_id = ${job.id} and r.line > ${from} and r.line <= ${to} and r.outcome = 'update'),
    upd as (
      update leads l set ${sql.raw(set)}, custom = ${sql.raw(custom)},
        tags = (select coalesce(array_agg(distinct t), '{}') from unnest(l.tags || coalesce(x.tags, '{}')) t),
        email_ciphertext = case when ${sql.raw(free('email'))} then x."emailCiphertext" else l.email_ciphertext end,
        email_index = case when ${sql.raw(free('email'))} then x."emailIndex" else l.email_index end,
        phone_ciphertext = case when ${sql.raw(free('phone'))} then x."phoneCiphertext" else l.phone_ciphertext end,
        phone_valid = case when ${sql.raw(free('phone'))} then x."phoneValid" else l.phone_valid end,
        phone_index = case when ${sql.raw(free('phone'))} then x."phoneIndex" else l.phone_index end,
        version = l.version + 1, updated_at = ${job.now.toISOString()}::timestamptz
      from x
      -- = any(array(…)) gives the primary key an index condition, and the organization is compared as an
      -- expression (|| '') so no (organization_id, …) index can be chosen instead: with the statistics of
      -- a table that just grew, the planner walked the organization's whole sort-name index per batch.
      where l.id = any(array(select match_lead_id from x)) and l.id = x.match_lead_id
        and l.organization_id || '' = ${job.organizationId} and l.deleted_at is null
      returning l.id),
    imported as (${imported(job, 'upd', sql`jsonb_build_object('jobId', ${job.id}::text, 'outcome', 'updated', 'policy', ${job.policy}::text)`)})
    select count(*)::int as n from upd`)) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]?.n ?? 0;
}

export type BatchResult = { status: 'done' | 'stopped' | 'already-done'; created: number; updated: number };

/** Thrown inside a batch's transaction to roll it back. */
class Rollback extends Error {
  constructor(readonly status: 'stopped' | 'already-done') {
    super(status);
  }
}

/**
 * Commits lines (from, to] in ONE transaction with the job's progress, so a batch is either wholly in
 * (and never redone: the job records it) or wholly out. Two batches may run at once (Postgres then uses
 * both cores for the INSERTs that dominate a commit): the job row is locked only at the end, after the
 * heavy work, where the batch checks that the job is still committing (a cancel meanwhile rolls the batch
 * back) and that no other delivery of the same batch got there first; then it records itself, and the
 * committed line advances over every batch that now follows without a gap.
 */
export async function commitBatch(db: Db, job: BatchJob, from: number, to: number): Promise<BatchResult> {
  try {
    return await db.transaction(async (tx) => {
      const created = await insertCreated(tx, job, from, to);
      await linkCreated(tx, job, from, to);
      const updated = await updateExisting(tx, job, from, to);
      const locked = (await tx.execute(
        sql`select status, committed_line, committed_ahead from import_jobs
          where id = ${job.id} and organization_id = ${job.organizationId} for update`,
      )) as unknown as {
        rows: Array<{ status: string; committed_line: number; committed_ahead: Record<string, number> }>;
      };
      const state = locked.rows[0];
      if (state?.status !== 'committing') throw new Rollback('stopped');
      const ahead = { ...state.committed_ahead };
      if (to <= state.committed_line || String(from) in ahead) throw new Rollback('already-done');
      ahead[String(from)] = to;
      let line = state.committed_line;
      while (ahead[String(line)] !== undefined) {
        const next = ahead[String(line)]!;
        delete ahead[String(line)];
        line = next;
      }
      await tx.execute(sql`update import_jobs set committed_line = ${line}, committed_ahead = ${JSON.stringify(ahead)}::jsonb,
          processed_rows = processed_rows
            + (select count(*)::int from import_rows where job_id = ${job.id} and line > ${from} and line <= ${to}),
          counts = counts || jsonb_build_object('created', coalesce((counts->>'created')::int, 0) + ${created}::int,
                                                'updated', coalesce((counts->>'updated')::int, 0) + ${updated}::int),
          updated_at = ${job.now.toISOString()}::timestamptz
        where id = ${job.id}`);
      return { status: 'done' as const, created, updated };
    });
  } catch (error) {
    if (error instanceof Rollback) return { status: error.status, created: 0, updated: 0 };
    throw error;
  }
}
