import { z } from '@hono/zod-openapi';
import { pageParams } from './page';
import { idString } from './text';

/** Any number of records per merge; the cap only keeps one transaction (and its journal) bounded. */
export const MAX_MERGE = 50;

export const MergeRequestSchema = z
  .object({
    masterId: idString(),
    mergedIds: z.array(idString()).min(1).max(MAX_MERGE),
    /** Per field, the lead whose value the master keeps; fields not named keep the master's value. */
    fields: z.record(z.string().max(64), idString()).default({}),
    dryRun: z.boolean().default(false),
  })
  .openapi('MergeRequest');

export type MergeRequest = z.infer<typeof MergeRequestSchema>;

const FieldChangeSchema = z.object({
  field: z.string(),
  sourceId: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});

export const MergeResultSchema = z
  .object({
    dryRun: z.boolean(),
    /** Null for a dry run; the id to undo the merge with otherwise. */
    mergeId: z.string().nullable(),
    masterId: z.string(),
    mergedIds: z.array(z.string()),
    changes: z.array(FieldChangeSchema),
    /** How many rows move to the master, per kind. */
    repointed: z.record(z.string(), z.number().int()),
  })
  .openapi('MergeResult');

export type MergeResult = z.infer<typeof MergeResultSchema>;

export const MergeIdParamSchema = z.object({
  mergeId: idString().openapi({ param: { name: 'mergeId', in: 'path' } }),
});

export const UndoResultSchema = z.object({ mergeId: z.string(), restoredIds: z.array(z.string()) });

export const ClusterIdParamSchema = z.object({
  clusterId: idString().openapi({ param: { name: 'clusterId', in: 'path' } }),
});

export const DuplicateListQuerySchema = z.object(pageParams(200));

const ClusterMemberSchema = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string(),
  company: z.string().nullable(),
  /** Plain for admins and owners, masked (`j•••@example.com`) for other roles. */
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  city: z.string().nullable(),
  status: z.string(),
  updatedAt: z.string(),
  createdAt: z.string(),
  /** When the lead was converted: a converted lead can only be a merge's master. Always sent. */
  convertedAt: z.string().nullable().optional(),
  /**
   * Why the record is in the cluster: its strongest pair at the last scan — the other record, the rule
   * (`email-exact`, `phone-exact`, `name-company-fuzzy`, …) and how alike the compared values are (0–1; 1 for
   * exact rules). Null for a cluster stored before scans recorded it.
   */
  match: z.object({ leadId: z.string(), rule: z.string(), similarity: z.number() }).nullable().optional(),
});

export type ClusterMember = z.infer<typeof ClusterMemberSchema>;

export const ClusterSchema = z.object({
  id: z.string(),
  rule: z.string(),
  score: z.number(),
  members: z.array(ClusterMemberSchema),
});

export type Cluster = z.infer<typeof ClusterSchema>;

export const DuplicateListSchema = z
  .object({
    items: z.array(ClusterSchema),
    nextCursor: z.string().nullable(),
    /** When the list was last rebuilt by a scan; null before the first one. */
    scannedAt: z.string().nullable(),
  })
  .openapi('DuplicateList');

export const ScanResultSchema = z.object({
  clusters: z.number().int(),
  pairs: z.number().int(),
  byRule: z.record(z.string(), z.number().int()),
  ms: z.number(),
});

export type ScanResult = z.infer<typeof ScanResultSchema>;

export const EraseResultSchema = z.object({
  leadId: z.string(),
  /** False when the lead had been erased before (erasure is idempotent). */
  erased: z.boolean(),
  removed: z.record(z.string(), z.number().int()),
});

export type EraseResult = z.infer<typeof EraseResultSchema>;
