import { eq, sql } from 'drizzle-orm';
import { importJobs, importRows, organizations } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import { type ImportMapping, mapRow } from '../../core/import-mapping';
import { normalizeLead } from '../../core/lead-input';
import { scoreLead } from '../../core/score';
import type { Deps } from '../../deps';
import { loadOrgConfig, type OrgConfig } from '../ingest/org-config';
import { needsLoads, openLeadCounts, planRouting, type RoutingPlan } from '../ingest/route-lead';
import { leadRow } from '../leads/rows';

/** Rows per staging INSERT (one statement, one parameter). */
export const STAGE_BATCH = 2_000;

/** A row as parsed from the file, before mapping. */
export type SourceRow = { line: number; cells: string[] };

export type StageContext = {
  organizationId: string;
  jobId: string;
  headers: string[];
  mapping: ImportMapping;
  defaultCountry: string;
  config: OrgConfig;
  now: Date;
  /** Open leads per person when a routing rule is load-aware, read once per staging run. */
  loads?: ReadonlyMap<string, number>;
};

type StagedRow = {
  line: number;
  /** The row's cells in header order, sealed. */
  cells: string;
  outcome: string | null;
  reason: string | null;
  leadId: string | null;
  lead: Record<string, unknown> | null;
  emailIndex: string | null;
  phoneIndex: string | null;
  phoneValid: boolean | null;
  lastNameKey: string | null;
  firstNameKey: string | null;
  companyKey: string | null;
  plan: Record<string, unknown> | null;
};

/** What staging needs to know about the organization: its default country and its rules. */
export async function stageContext(
  db: Executor,
  base: Omit<StageContext, 'defaultCountry' | 'config' | 'loads'>,
): Promise<StageContext> {
  const [org] = await db
    .select({ defaultCountry: organizations.defaultCountry })
    .from(organizations)
    .where(eq(organizations.id, base.organizationId));
  const config = await loadOrgConfig(db, base.organizationId);
  return {
    ...base,
    defaultCountry: org?.defaultCountry ?? 'US',
    config,
    loads: needsLoads(config) ? await openLeadCounts(db, base.organizationId) : undefined,
  };
}

/**
 * Maps, normalizes (the same normalizeLead as every channel), scores, routes on paper and seals one row.
 * The lead id is fixed here, so a commit that is retried inserts the same ids and ON CONFLICT skips them.
 */
async function stageRow(
  deps: Pick<Deps, 'newId' | 'pii'>,
  ctx: StageContext,
  row: SourceRow,
): Promise<StagedRow> {
  const cells = await sealCells(
    deps,
    ctx.organizationId,
    ctx.headers.map((_, i) => row.cells[i] ?? ''),
  );
  const empty = { lead: null, leadId: null, emailIndex: null, phoneIndex: null, phoneValid: null };
  const keys = { lastNameKey: null, firstNameKey: null, companyKey: null, plan: null };
  const mapped = mapRow(ctx.headers, row.cells, ctx.mapping);
  if (!mapped.ok)
    return { line: row.line, cells, outcome: 'invalid', reason: mapped.reason, ...empty, ...keys };
  const lead = normalizeLead(mapped.lead, ctx.defaultCountry);
  const scored = scoreLead({ ...lead, channel: 'import' }, ctx.config.scoring.rules);
  const stored = await leadRow(deps, ctx.organizationId, lead, ctx.now);
  const source = mapped.source ?? 'Import';
  const plan = planRouting(
    ctx.config,
    {
      ...stored,
      id: stored.id!,
      lastName: lead.lastName,
      source,
      campaign: mapped.campaign ?? null,
      score: scored.score,
      formId: null,
    },
    { now: ctx.now, loads: ctx.loads },
  );
  return {
    line: row.line,
    cells,
    // Pending: the dry run decides (see analyzeImport); 'create' is what is left when nothing matches.
    outcome: 'create',
    reason: null,
    leadId: stored.id!,
    lead: {
      ...stagedLead(stored),
      source,
      campaign: mapped.campaign,
      tags: mapped.tags,
      score: scored.score,
      scoreBreakdown: scored.breakdown,
      scoreVersion: ctx.config.scoring.version,
    },
    emailIndex: stored.emailIndex ?? null,
    phoneIndex: stored.phoneIndex ?? null,
    phoneValid: lead.phoneValid,
    lastNameKey: lead.lastNameKey || null,
    firstNameKey: lead.firstName
      ? lead.firstName
          .normalize('NFD')
          .replace(/\p{M}+/gu, '')
          .toLowerCase()
      : null,
    companyKey: lead.companyKey,
    plan: planJson(plan),
  };
}

/**
 * What the commit reads back from the staged lead (see RECORD in import-commit.ts): not the id, the
 * organization or the timestamps (the commit sets those), nor what the row already has in its own columns
 * (blind indexes, company key, phone validity). The staging INSERT is bound by Postgres parsing this JSON,
 * so every byte per row counts (~1.1 KB per row trimmed, ~1.5 KB untrimmed).
 */
function stagedLead(stored: Awaited<ReturnType<typeof leadRow>>) {
  const {
    id: _id,
    organizationId: _org,
    createdAt: _created,
    updatedAt: _updated,
    statusChangedAt: _changed,
    lastActivityAt: _activity,
    emailIndex: _email,
    phoneIndex: _phone,
    phoneValid: _valid,
    companyKey: _company,
    ...fields
  } = stored;
  return fields;
}

function planJson(plan: RoutingPlan | null): Record<string, unknown> | null {
  if (!plan) return null;
  const rule = plan.why;
  return plan.kind === 'user'
    ? { kind: 'user', userId: plan.userId, rule }
    : { kind: 'team', pool: plan.pool, sequence: plan.sequence, rule };
}

/**
 * Stages rows in batches: each batch is one INSERT (jsonb_to_recordset) into the staging table
 * (its only index is the primary key). Re-staging a line (a changed mapping) overwrites it.
 */
export async function stageRows(
  deps: Pick<Deps, 'newId' | 'pii'>,
  db: Db,
  ctx: StageContext,
  rows: SourceRow[],
): Promise<void> {
  // Pipelined: while Postgres stores one batch, this process prepares the next (one INSERT in flight at most).
  let inFlight: Promise<void> = Promise.resolve();
  for (let i = 0; i < rows.length; i += STAGE_BATCH) {
    const staged = await Promise.all(rows.slice(i, i + STAGE_BATCH).map((r) => stageRow(deps, ctx, r)));
    await inFlight;
    inFlight = insertStaged(db, ctx.jobId, staged);
    // Handled here so a failure while the next batch is prepared is not an unhandled rejection; the
    // `await inFlight` above or below still throws it.
    inFlight.catch(() => {});
  }
  await inFlight;
}

/**
 * One INSERT per batch. The rows travel as ONE jsonb parameter unpacked by jsonb_to_recordset (drizzle
 * would expand a JS array into one parameter per element, and Postgres allows 65,535 of them).
 */
async function insertStaged(db: Db, jobId: string, rows: StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into ${importRows} (job_id, line, cells_ciphertext, outcome, reason, lead_id, lead, email_index, phone_index,
      phone_valid, last_name_key, first_name_key, company_key, plan)
    select ${jobId}, u.line, u.cells, u.outcome, u.reason, u."leadId", u.lead, u."emailIndex", u."phoneIndex",
      u."phoneValid", u."lastNameKey", u."firstNameKey", u."companyKey", u.plan
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(line int, cells text, outcome text, reason text,
      "leadId" text, lead jsonb, "emailIndex" text, "phoneIndex" text, "phoneValid" boolean, "lastNameKey" text,
      "firstNameKey" text, "companyKey" text, plan jsonb)
    on conflict (job_id, line) do update set cells_ciphertext = excluded.cells_ciphertext, data = '{}'::jsonb,
      outcome = excluded.outcome, reason = excluded.reason,
      lead_id = excluded.lead_id, lead = excluded.lead, email_index = excluded.email_index,
      phone_index = excluded.phone_index, phone_valid = excluded.phone_valid, last_name_key = excluded.last_name_key,
      first_name_key = excluded.first_name_key, company_key = excluded.company_key, plan = excluded.plan,
      match_lead_id = null, match_line = null, similarity = null`);
}

/** Re-stages a job's rows from their stored cells after the mapping changed, batch by batch. */
export async function restageRows(
  deps: Pick<Deps, 'newId' | 'pii'>,
  db: Db,
  ctx: StageContext,
): Promise<void> {
  for (let after = 0; ; ) {
    const batch = await db
      .select({ line: importRows.line, data: importRows.data, cellsCiphertext: importRows.cellsCiphertext })
      .from(importRows)
      .where(sql`${importRows.jobId} = ${ctx.jobId} and ${importRows.line} > ${after}`)
      .orderBy(importRows.line)
      .limit(STAGE_BATCH);
    if (batch.length === 0) return;
    const rows = await Promise.all(
      batch.map(async (r) => ({
        line: r.line,
        cells: await openCells(deps, ctx.organizationId, ctx.headers, r),
      })),
    );
    await stageRows(deps, db, ctx, rows);
    after = batch[batch.length - 1]!.line;
  }
}

/** Seals a row's cells (in header order): they hold emails and phones exactly as the file had them. */
function sealCells(deps: Pick<Deps, 'pii'>, organizationId: string, cells: string[]): Promise<string> {
  return deps.pii.encrypt(organizationId, 'import_row', JSON.stringify(cells));
}

/** A staged row's cells in header order: opened from the sealed column, or the plaintext of an older row. */
export async function openCells(
  deps: Pick<Deps, 'pii'>,
  organizationId: string,
  headers: string[],
  row: { data: Record<string, string>; cellsCiphertext: string | null },
): Promise<string[]> {
  if (row.cellsCiphertext === null) return headers.map((h) => row.data[h] ?? '');
  const cells = JSON.parse(await deps.pii.decrypt(organizationId, 'import_row', row.cellsCiphertext));
  return headers.map((_, i) => (cells as string[])[i] ?? '');
}

/** Marks a job staged again (its dry run must be redone) after its rows or options changed. */
export async function markStaged(db: Executor, jobId: string, now: Date): Promise<void> {
  await db.update(importJobs).set({ status: 'staged', updatedAt: now }).where(eq(importJobs.id, jobId));
}
