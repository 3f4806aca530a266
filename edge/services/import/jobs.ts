import { eq, inArray, sql } from 'drizzle-orm';
import { importJobs } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import { actorOf } from '../../core/actor';
import { type CsvEncoding, type CsvProblem, parseCsv } from '../../core/csv-import';
import { AppError } from '../../core/errors';
import { checkMapping, guessMapping, type ImportMapping } from '../../core/import-mapping';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { analyzeImport, type DuplicatePolicy, possibleDuplicateChoice } from './analyze';
import { possibleDuplicateLinks } from './commit';
import type { ImportMessage } from './run';
import { markStaged, restageRows, stageContext, stageRows } from './stage';

export type ImportJob = typeof importJobs.$inferSelect;

export type NewImport = {
  bytes: Uint8Array;
  filename: string;
  mapping?: ImportMapping;
  policy?: DuplicatePolicy;
  encoding?: CsvEncoding;
};

/** A file problem as an error: too large → `payload-too-large`, else `validation-failed`, with its pointers. */
function fileError(p: CsvProblem): AppError {
  if (p.code === 'too-large')
    return new AppError('payload-too-large', { detail: p.detail, errors: p.errors });
  return new AppError('validation-failed', { detail: p.detail, errors: p.errors });
}

function mappingError(errors: ReturnType<typeof checkMapping>): AppError {
  return new AppError('validation-failed', { detail: errors[0]!.detail, errors });
}

/**
 * Creates an import job from an uploaded file: parses it (nothing is stored when the file is refused),
 * records the job, stages every row normalized and sealed, and audits the upload. A guessed mapping
 * without a last name leaves the job waiting for one (`needs_mapping`); a sent one is checked (`validation-failed`).
 */
export async function createImport(deps: Deps, db: Db, auth: Auth, input: NewImport): Promise<ImportJob> {
  const parsed = parseCsv(input.bytes, input.encoding);
  if (!parsed.ok) throw fileError(parsed);
  const mapping = input.mapping ?? guessMapping(parsed.headers);
  const problems = checkMapping(parsed.headers, mapping);
  if (input.mapping && problems.length) throw mappingError(problems);
  const now = deps.now();
  const [job] = await db
    .insert(importJobs)
    .values({
      id: deps.newId('imp'),
      organizationId: auth.organizationId,
      createdBy: auth.userId,
      status: 'staging',
      filename: input.filename,
      headers: parsed.headers,
      totalRows: parsed.rows.length,
      mapping,
      options: {
        policy: input.policy ?? 'skip',
        encoding: parsed.encoding,
        delimiter: parsed.delimiter,
        notice: parsed.notice,
        ragged: parsed.ragged.slice(0, 100),
        raggedCount: parsed.ragged.length,
      },
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const ctx = await stageContext(db, {
    organizationId: auth.organizationId,
    jobId: job!.id,
    headers: parsed.headers,
    mapping,
    now,
  });
  try {
    await stageRows(deps, db, ctx, parsed.rows);
  } catch (error) {
    await db
      .update(importJobs)
      .set({ status: 'failed', error: 'Staging failed' })
      .where(eq(importJobs.id, job!.id));
    throw error;
  }
  const status = problems.length ? 'needs_mapping' : 'staged';
  await db.update(importJobs).set({ status }).where(eq(importJobs.id, job!.id));
  await audit(
    db,
    auth,
    job!.id,
    'import.created',
    { filename: input.filename, rows: parsed.rows.length },
    now,
  );
  return { ...job!, status };
}

/** Records one audit event of an import job. */
export async function audit(
  db: Executor,
  auth: Auth,
  jobId: string,
  type: string,
  data: Record<string, unknown>,
  at: Date,
) {
  await recordEvents(db, [
    {
      organizationId: auth.organizationId,
      entityType: 'import_job',
      entityId: jobId,
      type,
      actor: actorOf(auth),
      data,
      at,
    },
  ]);
}

/** One job of the caller's organization, or `not-found`. */
export async function getImport(db: Executor, organizationId: string, id: string): Promise<ImportJob> {
  const [job] = await db
    .select()
    .from(importJobs)
    .where(inOrg(importJobs, organizationId, eq(importJobs.id, id)));
  if (!job) throw new AppError('not-found', { detail: 'No such import.' });
  return job;
}

/** The statuses in which a job's settings may still change (before its commit starts). */
export const EDITABLE = ['staged', 'previewed', 'needs_mapping'];

/** Changes the mapping and/or the duplicate policy before commit; the dry run must then be redone. */
export async function updateImportSettings(
  deps: Deps,
  db: Db,
  auth: Auth,
  id: string,
  input: { mapping?: ImportMapping; policy?: DuplicatePolicy },
): Promise<ImportJob> {
  const job = await getImport(db, auth.organizationId, id);
  if (!EDITABLE.includes(job.status))
    throw new AppError('conflict', {
      detail: `The import is ${job.status}; its mapping can no longer change.`,
    });
  const now = deps.now();
  if (input.mapping) {
    const problems = checkMapping(job.headers, input.mapping);
    if (problems.length) throw mappingError(problems);
    await db.update(importJobs).set({ mapping: input.mapping }).where(eq(importJobs.id, id));
    const ctx = await stageContext(db, {
      organizationId: auth.organizationId,
      jobId: id,
      headers: job.headers,
      mapping: input.mapping,
      now,
    });
    await restageRows(deps, db, ctx);
  }
  if (input.policy)
    await db
      .update(importJobs)
      .set({ options: sql`${importJobs.options} || ${JSON.stringify({ policy: input.policy })}::jsonb` })
      .where(eq(importJobs.id, id));
  await markStaged(db, id, now);
  await audit(
    db,
    auth,
    id,
    'import.mapping_changed',
    { mapping: input.mapping ?? null, policy: input.policy ?? null },
    now,
  );
  return getImport(db, auth.organizationId, id);
}

/** The dry run: computed (set-based) the first time it is asked for after an upload or a change. */
export async function previewImport(
  deps: Deps,
  db: Db,
  organizationId: string,
  id: string,
): Promise<ImportJob> {
  const job = await getImport(db, organizationId, id);
  if (job.status === 'needs_mapping')
    throw new AppError('conflict', {
      detail: 'Map a column to the last name before the preview.',
      errors: [
        {
          pointer: '/mapping',
          detail: 'Map a column to the last name (or to the full name).',
          code: 'last-name-required',
        },
      ],
    });
  if (job.status !== 'staged') return job;
  return db.transaction(async (tx) => {
    // Locked, and read again: a change of the choice for possible duplicates waits for this dry run (or
    // this one for it), and a preview asked for twice at once runs once.
    const [current] = await tx.select().from(importJobs).where(eq(importJobs.id, id)).for('update');
    if (current?.status !== 'staged') return current ?? job;
    const counts = await analyzeImport(tx, {
      organizationId,
      jobId: id,
      policy: (current.options.policy as DuplicatePolicy) ?? 'skip',
      possibleDuplicates: possibleDuplicateChoice(current.options),
    });
    const [previewed] = await tx
      .update(importJobs)
      .set({ status: 'previewed', counts, updatedAt: deps.now() })
      .where(eq(importJobs.id, id))
      .returning();
    // The totals as counted (jsonb would reorder their keys).
    return { ...previewed!, counts };
  });
}

/** Starts the commit: only a previewed job, once (`conflict` otherwise); the runner does the work. */
export async function startCommit(
  deps: Deps,
  db: Db,
  auth: Auth,
  id: string,
  enqueue: (m: ImportMessage) => Promise<void>,
): Promise<ImportJob> {
  const actor = actorOf(auth);
  const [job] = await db
    .update(importJobs)
    .set({
      status: 'committing',
      options: sql`${importJobs.options} || ${JSON.stringify({ actor })}::jsonb`,
      updatedAt: deps.now(),
    })
    .where(inOrg(importJobs, auth.organizationId, eq(importJobs.id, id), eq(importJobs.status, 'previewed')))
    .returning();
  if (!job) {
    const current = await getImport(db, auth.organizationId, id);
    const detail =
      current.status === 'staged' || current.status === 'needs_mapping'
        ? 'Run the preview (dry run) before committing.'
        : `The import is already ${current.status}.`;
    throw new AppError('conflict', { detail, extensions: { status: current.status } });
  }
  await enqueue({ kind: 'import.commit', organizationId: auth.organizationId, jobId: id });
  return job;
}

/**
 * Cancels a job not yet finished: a running commit stops after its current batch (kept: it is whole, and
 * its possible duplicates are linked, also to the leads of a batch that committed beside it).
 */
export async function cancelImport(deps: Deps, db: Db, auth: Auth, id: string): Promise<ImportJob> {
  const now = deps.now();
  const [job] = await db
    .update(importJobs)
    .set({ status: 'cancelled', updatedAt: now })
    .where(
      inOrg(
        importJobs,
        auth.organizationId,
        eq(importJobs.id, id),
        inArray(importJobs.status, [...EDITABLE, 'committing']),
      ),
    )
    .returning();
  if (!job) {
    const current = await getImport(db, auth.organizationId, id);
    throw new AppError('conflict', {
      detail: `The import is already ${current.status}.`,
      extensions: {
        status: current.status,
      },
    });
  }
  await db.execute(possibleDuplicateLinks({ id, organizationId: auth.organizationId, now }));
  await audit(db, auth, id, 'import.cancelled', { committedLine: job.committedLine }, now);
  return job;
}
