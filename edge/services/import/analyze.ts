import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/types';
import type { ImportReason } from '../../contract/import-reasons';
import { FUZZY_RULE } from '../../core/dedupe';

/** What happens to a row whose person is already a lead: left alone, empty fields filled, or overwritten. */
export const DUPLICATE_POLICIES = ['skip', 'fill_empty', 'overwrite'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const OUTCOMES = ['create', 'update', 'duplicate_in_file', 'skip', 'invalid'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type OutcomeCounts = Record<Outcome, number>;

// The fuzzy rule's string ("first last | company"), from the staged keys and from a stored lead.
const stagedKey = (r: string) =>
  sql.raw(
    `coalesce(${r}.first_name_key, '') || ' ' || coalesce(${r}.last_name_key, '') || ' | ' || ${r}.company_key`,
  );
const leadKey = sql.raw(
  `lower(coalesce(l.first_name, '')) || ' ' || l.last_name_key || ' | ' || l.company_key`,
);
const sim = (a: SQL, b: SQL) =>
  sql`1 - levenshtein(left(${a}, 255), left(${b}, 255))::real / greatest(char_length(left(${a}, 255)), char_length(left(${b}, 255)), 1)`;

/**
 * What to do with the rows that only resemble another person (a possible duplicate): `choice` for all of
 * them, except the lines in `except`, which get the other one. Stored with the job, so it outlives the page
 * and a redone dry run.
 */
export type PossibleDuplicateChoice = { choice: 'create' | 'skip'; except: number[] };

/** The stored choice of a job's options; possible duplicates are created unless the user chose otherwise. */
export function possibleDuplicateChoice(options: Record<string, unknown>): PossibleDuplicateChoice {
  const stored = options.possibleDuplicates as Partial<PossibleDuplicateChoice> | undefined;
  return {
    choice: stored?.choice === 'skip' ? 'skip' : 'create',
    except: Array.isArray(stored?.except) ? stored.except : [],
  };
}

/** The totals of a dry run: rows per outcome, and how many of the created or skipped ones are possible duplicates. */
export type ImportCounts = OutcomeCounts & { possible_duplicate: number };

export type AnalyzeInput = {
  organizationId: string;
  jobId: string;
  policy: DuplicatePolicy;
  possibleDuplicates: PossibleDuplicateChoice;
};

/**
 * The dry run, set-based: a handful of statements over the whole job, never one query per row. The rules
 * are those of every channel: the same email or phone (E.164) is the same person; different people are
 * never folded into one; a mere resemblance (core's fuzzy rule) is created and linked for review.
 *  1. within the file: a later row with the same email or valid phone blind index as an earlier one is a
 *     duplicate in the file (merged into nothing: the earlier row stands for the person);
 *  2. against existing leads: exact email, then phone, through the blind indexes (their unique indexes);
 *     the match is updated or skipped by the duplicate policy;
 *  3. possible duplicates, created and linked: a row that resembles an existing lead (blocked on the
 *     leads' (organization, company key) index), else one that resembles an earlier row of the file
 *     (blocked on company key + last name key, or company key + first name) — linked to that row's lead;
 *  4. the user's choice to skip possible duplicates instead is applied.
 * Rows are staged with the outcome 'create', which every step reads as "not decided yet"; what is left is
 * created. Run it in a transaction (the planner settings are SET LOCAL).
 */
export async function analyzeImport(db: Executor, input: AnalyzeInput): Promise<ImportCounts> {
  const { organizationId, jobId, policy } = input;
  // Rows are staged as 'create' (pending); a dry run that ran before (the mapping or policy changed since)
  // is undone on the rows it decided, and only on those: rewriting every staged row cost ~1 s per 50K.
  await db.execute(sql`update import_rows set outcome = 'create', reason = null, match_lead_id = null,
      match_line = null, similarity = null
    where job_id = ${jobId} and outcome is distinct from 'invalid'
      and (outcome <> 'create' or match_lead_id is not null or match_line is not null)`);
  // Fresh staging rows have no statistics yet: without them the planner nests loops over thousands of rows.
  // Only the columns the dry run joins and filters on (sampling the jsonb columns cost ~0.5 s).
  await db.execute(
    sql`analyze import_rows (job_id, line, outcome, email_index, phone_index, last_name_key, first_name_key, company_key)`,
  );
  await sameKeyInFile(db, jobId, 'email_index', 'email');
  await sameKeyInFile(db, jobId, 'phone_index', 'phone');
  // Against the leads, hash joins: with stale statistics on a table that just grew (an import, say), the
  // planner nested-looped the organization's leads per staged row (236 s for 50K rows against 15K leads).
  await db.execute(sql`set local enable_nestloop = off`);
  await matchExisting(db, organizationId, jobId, 'email_index', 'email', policy);
  await matchExisting(db, organizationId, jobId, 'phone_index', 'phone', policy);
  await sameExistingLead(db, jobId);
  await fuzzyExisting(db, organizationId, jobId);
  await db.execute(sql`set local enable_nestloop = on`);
  await fuzzyInFile(db, jobId);
  await applyPossibleDuplicateChoice(db, jobId, input.possibleDuplicates);
  return countOutcomes(db, jobId);
}

/**
 * Later rows with the same email, or the same valid (E.164) phone, as an earlier row: a phone kept as
 * entered identifies nobody, as for existing leads (their unique index holds valid phones only).
 */
async function sameKeyInFile(db: Executor, jobId: string, column: string, label: 'email' | 'phone') {
  const c = sql.raw(column);
  const phoneOnly = column === 'phone_index' ? sql`and phone_valid` : sql``;
  const reason: ImportReason = `same-${label}-in-file`;
  await db.execute(sql`update import_rows r set outcome = 'duplicate_in_file', match_line = f.first,
      reason = ${reason}
    from (select line, min(line) over (partition by ${c}) as first from import_rows
          where job_id = ${jobId} and outcome = 'create' and ${c} is not null ${phoneOnly}) f
    where r.job_id = ${jobId} and r.line = f.line and f.first < f.line`);
}

/**
 * A row still to be created, not yet linked to an existing lead, that resembles an earlier row of the file
 * (the first one it resembles) is created and linked to that row's person: the lead the earlier row
 * creates, or the existing lead it updates or skips.
 */
async function fuzzyInFile(db: Executor, jobId: string) {
  const similarity = sim(stagedKey('a'), stagedKey('b'));
  await db.execute(sql`update import_rows r set match_line = m.first, match_lead_id = m.target,
      similarity = m.sim, reason = ${'possible-duplicate-in-file' satisfies ImportReason}
    from (select distinct on (b.line) b.line, a.line as first, ${similarity} as sim,
            case when a.outcome = 'create' then a.lead_id else a.match_lead_id end as target
          from import_rows a join import_rows b on b.job_id = a.job_id and a.line < b.line
            and b.company_key = a.company_key
            and (b.last_name_key = a.last_name_key or b.first_name_key = a.first_name_key)
          where a.job_id = ${jobId} and a.outcome in ('create', 'update', 'skip') and a.company_key is not null
            and b.outcome = 'create' and b.match_lead_id is null
            and ${similarity} >= ${FUZZY_RULE.threshold}
          order by b.line, a.line) m
    where r.job_id = ${jobId} and r.line = m.line`);
}

/**
 * Sets each possible duplicate (the rows the fuzzy rule matched: they alone have a similarity) to be
 * created or skipped, as the user chose. Cheap enough to run on every change of the choice: it touches
 * only the rows whose outcome changes.
 */
export async function applyPossibleDuplicateChoice(
  db: Executor,
  jobId: string,
  chosen: PossibleDuplicateChoice,
): Promise<void> {
  const outcome = sql`case when (${chosen.choice}::text = 'skip') <> (${JSON.stringify(chosen.except)}::jsonb @> to_jsonb(line))
    then 'skip' else 'create' end`;
  await db.execute(sql`update import_rows set outcome = ${outcome}
    where job_id = ${jobId} and similarity is not null and outcome in ('create', 'skip')
      and outcome <> ${outcome}`);
}

async function matchExisting(
  db: Executor,
  organizationId: string,
  jobId: string,
  column: string,
  label: 'email' | 'phone',
  policy: DuplicatePolicy,
) {
  const c = sql.raw(column);
  const phoneOnly = column === 'phone_index' ? sql`and r.phone_valid and l.phone_valid` : sql``;
  const outcome = policy === 'skip' ? 'skip' : 'update';
  const reason: ImportReason = policy === 'skip' ? `exists-by-${label}` : `updates-by-${label}`;
  await db.execute(sql`update import_rows r set outcome = ${outcome}, match_lead_id = l.id,
      reason = ${reason}
    from leads l
    where r.job_id = ${jobId} and r.outcome = 'create' and r.${c} is not null
      and l.organization_id = ${organizationId} and l.deleted_at is null and l.${c} = r.${c} ${phoneOnly}`);
}

/** Two rows (one by email, one by phone) that hit the same lead: the later one is a duplicate in the file. */
async function sameExistingLead(db: Executor, jobId: string) {
  await db.execute(sql`update import_rows r set outcome = 'duplicate_in_file', match_line = f.first,
      reason = ${'same-lead-in-file' satisfies ImportReason}
    from (select line, min(line) over (partition by match_lead_id) as first from import_rows
          where job_id = ${jobId} and outcome in ('update', 'skip')) f
    where r.job_id = ${jobId} and r.line = f.line and f.first < f.line`);
}

async function fuzzyExisting(db: Executor, organizationId: string, jobId: string) {
  const similarity = sim(stagedKey('r'), leadKey);
  await db.execute(sql`update import_rows u set outcome = 'create', match_lead_id = m.lead_id, similarity = m.sim,
      reason = ${'possible-duplicate' satisfies ImportReason}
    from (select distinct on (r.line) r.line, l.id as lead_id, ${similarity} as sim
          from import_rows r join leads l on l.organization_id = ${organizationId} and l.company_key = r.company_key
            and l.deleted_at is null
            and (l.last_name_key = r.last_name_key or lower(l.first_name) = r.first_name_key)
          where r.job_id = ${jobId} and r.outcome = 'create' and r.company_key is not null
            and ${similarity} >= ${FUZZY_RULE.threshold}
          order by r.line, ${similarity} desc) m
    where u.job_id = ${jobId} and u.line = m.line`);
}

/** Totals per outcome for a job (every outcome present, zero when none), and its possible duplicates. */
export async function countOutcomes(db: Executor, jobId: string): Promise<ImportCounts> {
  const result = (await db.execute(
    sql`select outcome, count(*)::int as n, count(similarity)::int as possible from import_rows
      where job_id = ${jobId} group by outcome`,
  )) as unknown as { rows: Array<{ outcome: string | null; n: number; possible: number }> };
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
  let possible = 0;
  for (const r of result.rows) {
    if (r.outcome && r.outcome in counts) counts[r.outcome as Outcome] = r.n;
    if (r.outcome === 'create' || r.outcome === 'skip') possible += r.possible;
  }
  return { ...counts, possible_duplicate: possible };
}
