import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { importRows, importTemplates, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { ImportJobView } from '../../contract/imports';
import { actorOf } from '../../core/actor';
import { csvRow, UTF8_BOM } from '../../core/csv';
import { type ImportMapping, TEMPLATE_HEADERS } from '../../core/import-mapping';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { type Outcome, possibleDuplicateChoice } from './analyze';
import { getImport, type ImportJob } from './jobs';
import { openCells } from './stage';

export type PreviewRow = {
  line: number;
  outcome: string | null;
  reason: string | null;
  matchLeadId: string | null;
  matchLine: number | null;
  note: PossibleDuplicateNote | null;
  data: Record<string, string>;
};

/** A possible duplicate, as codes and parameters for the dashboard to word. */
export type PossibleDuplicateNote = {
  code: 'possible-duplicate';
  line: number | null;
  leadId: string | null;
  similarity: number;
};

/** One page of the dry run's rows in line order, optionally of one outcome; the cursor is the last line. */
export async function previewRows(
  deps: Pick<Deps, 'pii'>,
  db: Executor,
  job: ImportJob,
  query: { outcome?: Outcome; cursor?: number; limit: number },
): Promise<{ items: PreviewRow[]; nextCursor: string | null }> {
  const rows = await db
    .select({
      line: importRows.line,
      outcome: importRows.outcome,
      reason: importRows.reason,
      matchLeadId: importRows.matchLeadId,
      matchLine: importRows.matchLine,
      similarity: importRows.similarity,
      // The lead matched, when it exists: an earlier row's lead does only once the import is committed.
      existingLeadId: leads.id,
      data: importRows.data,
      cellsCiphertext: importRows.cellsCiphertext,
    })
    .from(importRows)
    .leftJoin(leads, and(eq(leads.id, importRows.matchLeadId), eq(leads.organizationId, job.organizationId)))
    .where(
      and(
        eq(importRows.jobId, job.id),
        query.outcome ? eq(importRows.outcome, query.outcome) : undefined,
        query.cursor ? gt(importRows.line, query.cursor) : undefined,
      ),
    )
    .orderBy(asc(importRows.line))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const cells = await Promise.all(page.map((r) => openCells(deps, job.organizationId, job.headers, r)));
  const items = page.map(
    ({ similarity, existingLeadId, data: _data, cellsCiphertext: _sealed, ...row }, i) => ({
      ...row,
      data: Object.fromEntries(job.headers.map((h, j) => [h, cells[i]![j]!])),
      note:
        similarity === null
          ? null
          : {
              code: 'possible-duplicate' as const,
              line: row.matchLine,
              leadId: existingLeadId,
              similarity,
            },
    }),
  );
  return { items, nextCursor: rows.length > query.limit ? String(items[items.length - 1]!.line) : null };
}

/** A downloadable CSV file: formula cells neutralised, with the BOM Excel needs to read UTF-8. */
function csv(rows: string[][]): string {
  return UTF8_BOM + rows.map(csvRow).join('');
}

/** The rows that will not (or did not) become leads, as the file had them, with the line and the reason. */
export async function errorReport(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  organizationId: string,
  id: string,
): Promise<string> {
  const job = await getImport(db, organizationId, id);
  const out: string[][] = [['Line', ...job.headers, 'Outcome', 'Reason', 'Matching line']];
  for (let after = 0; ; ) {
    const batch = await db
      .select({
        line: importRows.line,
        data: importRows.data,
        cellsCiphertext: importRows.cellsCiphertext,
        outcome: importRows.outcome,
        reason: importRows.reason,
        matchLine: importRows.matchLine,
      })
      .from(importRows)
      .where(
        and(
          eq(importRows.jobId, job.id),
          gt(importRows.line, after),
          inArray(importRows.outcome, ['invalid', 'duplicate_in_file', 'skip']),
        ),
      )
      .orderBy(asc(importRows.line))
      .limit(5_000);
    if (batch.length === 0) break;
    const cells = await Promise.all(batch.map((r) => openCells(deps, organizationId, job.headers, r)));
    for (const [i, r] of batch.entries())
      out.push([
        String(r.line),
        ...cells[i]!,
        r.outcome ?? '',
        r.reason ?? '',
        r.matchLine === null ? '' : String(r.matchLine),
      ]);
    after = batch[batch.length - 1]!.line;
  }
  return csv(out);
}

/** The downloadable template: the headers the mapping recognises, and one example row. */
export function templateCsv(): string {
  const example = ['Jana', 'Nováková', 'jana.novakova@example.cz', '+420 601 123 456', 'Example s.r.o.'];
  const rest = [
    'Head of Sales',
    'Software',
    '120',
    'CZ',
    'Praha',
    'Praha',
    '',
    'Trade fair',
    'Expo 2026',
    'vip',
  ];
  return csv([TEMPLATE_HEADERS, [...example, ...rest]]);
}

export type MappingTemplate = { id: string; name: string; mapping: ImportMapping; createdAt: string };

/** The organization's saved mappings, by name. */
export async function listTemplates(db: Executor, organizationId: string): Promise<MappingTemplate[]> {
  const rows = await db
    .select()
    .from(importTemplates)
    .where(inOrg(importTemplates, organizationId))
    .orderBy(asc(importTemplates.name));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    mapping: r.mapping as ImportMapping,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Saves a mapping under a name (audited as an organization change). */
export async function saveTemplate(
  deps: Deps,
  db: Db,
  auth: Auth,
  input: { name: string; mapping: ImportMapping },
): Promise<MappingTemplate> {
  const now = deps.now();
  const id = deps.newId('imt');
  await db.transaction(async (tx) => {
    await tx.insert(importTemplates).values({
      id,
      organizationId: auth.organizationId,
      name: input.name,
      mapping: input.mapping,
      createdBy: auth.userId,
      createdAt: now,
    });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'import_template',
        entityId: id,
        type: 'import_template.created',
        actor: actorOf(auth),
        data: { name: input.name },
        at: now,
      },
    ]);
  });
  return { id, name: input.name, mapping: input.mapping, createdAt: now.toISOString() };
}

/** The public shape of a job: status, progress (0–1 of rows committed), totals, and the file's notices. */
export function jobView(job: ImportJob): ImportJobView {
  const o = job.options as Record<string, unknown>;
  return {
    id: job.id,
    status: job.status as ImportJobView['status'],
    filename: job.filename,
    headers: job.headers,
    mapping: (job.mapping ?? {}) as ImportMapping,
    policy: (o.policy as string) ?? 'skip',
    encoding: (o.encoding as string) ?? 'utf-8',
    delimiter: (o.delimiter as string) ?? ',',
    notice: (o.notice as string | null) ?? null,
    ragged: (o.ragged as Array<{ line: number; cells: number; expected: number }>) ?? [],
    raggedCount: (o.raggedCount as number) ?? 0,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    progress: job.totalRows ? Math.min(1, job.processedRows / job.totalRows) : 0,
    counts: job.counts,
    possibleDuplicates: possibleDuplicateChoice(o),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
