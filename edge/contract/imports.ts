import { z } from '@hono/zod-openapi';
import { CsvEncodingValues } from '../core/csv-encodings';
import { IMPORT_TARGETS } from '../core/import-mapping';

const DUPLICATE_POLICY = ['skip', 'fill_empty', 'overwrite'] as const;
const OUTCOME = ['create', 'update', 'duplicate_in_file', 'skip', 'invalid'] as const;

/** Header → lead field (or `custom` to keep it as a custom attribute, `ignore` to drop it). */
export const ImportMappingSchema = z
  .record(z.string().min(1).max(200), z.enum(IMPORT_TARGETS))
  .openapi('ImportMapping', {
    example: { 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Shoe size': 'custom' },
  });

export const DuplicatePolicySchema = z.enum(DUPLICATE_POLICY);

/** The multipart upload: the file, and optionally a mapping (JSON text), a policy and the file's encoding. */
export const ImportUploadSchema = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary' }),
  mapping: z.string().optional().openapi({ description: 'JSON object: header → field' }),
  policy: DuplicatePolicySchema.optional(),
  encoding: z.enum(CsvEncodingValues).optional(),
});

export const ImportSettingsSchema = z
  .object({ mapping: ImportMappingSchema.optional(), policy: DuplicatePolicySchema.optional() })
  .strict();

const POSSIBLE_DUPLICATE_CHOICE = ['create', 'skip'] as const;

/**
 * What to do with the rows that only resemble another person: `create` them (linked for review, the
 * default) or `skip` them — all of them, or the one on `line`.
 */
export const PossibleDuplicateChoiceSchema = z
  .object({
    choice: z.enum(POSSIBLE_DUPLICATE_CHOICE),
    line: z.number().int().min(2).max(10_000_000).optional().openapi({
      description: 'The file line of one possible duplicate; without it, the choice is for all of them',
    }),
  })
  .strict()
  .openapi('PossibleDuplicateChoice', { example: { choice: 'skip', line: 3 } });

export const ImportIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const ImportPreviewQuerySchema = z.object({
  outcome: z.enum(OUTCOME).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ImportJobSchema = z
  .object({
    id: z.string(),
    status: z.enum([
      'staging',
      'needs_mapping',
      'staged',
      'previewed',
      'committing',
      'completed',
      'cancelled',
      'failed',
    ]),
    filename: z.string(),
    headers: z.array(z.string()),
    mapping: z.record(z.string(), z.string()),
    policy: z.string(),
    encoding: z.string(),
    delimiter: z.string(),
    notice: z.string().nullable(),
    ragged: z.array(z.object({ line: z.number(), cells: z.number(), expected: z.number() })),
    raggedCount: z.number(),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    progress: z.number(),
    counts: z.record(z.string(), z.number()),
    /** The stored choice for possible duplicates: for all of them, except the lines listed. */
    possibleDuplicates: z.object({
      choice: z.enum(POSSIBLE_DUPLICATE_CHOICE),
      except: z.array(z.number().int()),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ImportJob');

export const ImportPreviewSchema = z
  .object({
    job: ImportJobSchema,
    totals: z.record(z.string(), z.number()),
    items: z.array(
      z.object({
        line: z.number().int(),
        outcome: z.string().nullable(),
        /** Why, as a code of IMPORT_REASONS (contract/import-reasons.ts); the line it duplicates is `matchLine`. */
        reason: z.string().nullable(),
        matchLeadId: z.string().nullable(),
        matchLine: z.number().int().nullable(),
        /**
         * Set when the row only resembles another person (name and company at least 85 % alike): it is
         * created and linked for review, unless skipped by choice. `line`: the earlier row of the file it
         * resembles; `leadId`: the existing lead it resembles (or that this earlier row updates or skips).
         */
        note: z
          .object({
            code: z.literal('possible-duplicate'),
            line: z.number().int().nullable(),
            leadId: z.string().nullable(),
            similarity: z.number(),
          })
          .nullable(),
        data: z.record(z.string(), z.string()),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('ImportPreview');

export const MappingTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  mapping: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export const MappingTemplateListSchema = z.object({ items: z.array(MappingTemplateSchema) });
export const CreateMappingTemplateSchema = z
  .object({ name: z.string().trim().min(1).max(100), mapping: ImportMappingSchema })
  .strict();

export type ImportJobView = z.infer<typeof ImportJobSchema>;
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
export type PossibleDuplicateChoiceInput = z.infer<typeof PossibleDuplicateChoiceSchema>;
export type MappingTemplateView = z.infer<typeof MappingTemplateSchema>;
