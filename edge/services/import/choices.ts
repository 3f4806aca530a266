import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { importJobs, importRows } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import {
  applyPossibleDuplicateChoice,
  countOutcomes,
  type PossibleDuplicateChoice,
  possibleDuplicateChoice,
} from './analyze';
import { audit, EDITABLE, getImport, type ImportJob } from './jobs';

/** Create or skip the possible duplicates: all of them (no line), or the one on `line`. */
export type ChoiceInput = { choice: PossibleDuplicateChoice['choice']; line?: number };

/** The choice after `input`: a choice for all clears the per-row ones; a row's own choice is an exception. */
function nextChoice(current: PossibleDuplicateChoice, input: ChoiceInput): PossibleDuplicateChoice {
  if (input.line === undefined) return { choice: input.choice, except: [] };
  const others = current.except.filter((line) => line !== input.line);
  return {
    choice: current.choice,
    except: input.choice === current.choice ? others : [...others, input.line].sort((a, b) => a - b),
  };
}

/** `validation-failed` unless `line` is a possible duplicate of the job's dry run. */
async function checkPossibleDuplicate(db: Executor, jobId: string, line: number): Promise<void> {
  const [row] = await db
    .select({ line: importRows.line })
    .from(importRows)
    .where(
      and(
        eq(importRows.jobId, jobId),
        eq(importRows.line, line),
        isNotNull(importRows.similarity),
        sql`${importRows.outcome} in ('create', 'skip')`,
      ),
    );
  if (row) return;
  const detail = `Line ${line} is not a possible duplicate.`;
  throw new AppError('validation-failed', {
    detail,
    errors: [{ pointer: '/line', detail, code: 'not-a-possible-duplicate' }],
  });
}

/**
 * Stores the user's choice for the rows that only resemble another person (created and linked unless
 * chosen otherwise) with the job, so it outlives the page, and applies it to the dry run at once (the
 * totals change, the commit creates only what the dry run says). The job row is locked meanwhile, so two
 * choices, or a choice and the commit's start, follow one another. A choice for one row needs the dry run.
 */
export async function choosePossibleDuplicates(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
  input: ChoiceInput,
): Promise<ImportJob> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const [job] = await tx
      .select()
      .from(importJobs)
      .where(inOrg(importJobs, auth.organizationId, eq(importJobs.id, id)))
      .for('update');
    if (!job) throw new AppError('not-found', { detail: 'No such import.' });
    if (!EDITABLE.includes(job.status))
      throw new AppError('conflict', {
        detail: `The import is already ${job.status}.`,
        extensions: {
          status: job.status,
        },
      });
    const previewed = job.status === 'previewed';
    if (input.line !== undefined) {
      if (!previewed)
        throw new AppError('conflict', { detail: 'Run the preview (dry run) before choosing for a row.' });
      await checkPossibleDuplicate(tx, id, input.line);
    }
    const next = nextChoice(possibleDuplicateChoice(job.options), input);
    if (previewed) await applyPossibleDuplicateChoice(tx, id, next);
    await tx
      .update(importJobs)
      .set({
        options: sql`${importJobs.options} || ${JSON.stringify({ possibleDuplicates: next })}::jsonb`,
        ...(previewed ? { counts: await countOutcomes(tx, id) } : {}),
        updatedAt: now,
      })
      .where(eq(importJobs.id, id));
    await audit(
      tx,
      auth,
      id,
      'import.possible_duplicates_chosen',
      { choice: input.choice, line: input.line ?? null },
      now,
    );
  });
  return getImport(db, auth.organizationId, id);
}
