import type { FieldErrorCode } from '../contract/field-errors';

/**
 * Which stored columns each mergeable field is made of. Contact fields travel as a whole (ciphertext,
 * blind index, validity), so the master never holds one lead's ciphertext with another's index.
 */
export const MERGE_FIELDS = {
  firstName: ['firstName'],
  lastName: ['lastName'],
  title: ['title'],
  company: ['company'],
  industry: ['industry'],
  employees: ['employees'],
  country: ['country'],
  region: ['region'],
  city: ['city'],
  source: ['source'],
  campaign: ['campaign'],
  referredBy: ['referredBy'],
  description: ['description'],
  assignedTo: ['assignedTo'],
  email: ['emailCiphertext', 'emailIndex'],
  phone: ['phoneCiphertext', 'phoneIndex', 'phoneValid'],
  personalEmail: ['personalEmailCiphertext', 'personalEmailIndex'],
} as const satisfies Record<string, readonly string[]>;

export type MergeField = keyof typeof MERGE_FIELDS;

/** Contact fields are compared by blind index: two ciphertexts of one value differ (random IV). */
const COMPARE_BY: Partial<Record<MergeField, string>> = {
  email: 'emailIndex',
  phone: 'phoneIndex',
  personalEmail: 'personalEmailIndex',
};

export type MergeRecord = { id: string } & Record<string, unknown>;

/** One field the master takes from another record. */
export type MergeChange = { field: MergeField; sourceId: string; patch: Record<string, unknown> };

export type MergePlanResult =
  | { ok: true; changes: MergeChange[]; patch: Record<string, unknown> }
  | { ok: false; errors: Array<{ pointer: string; detail: string; code: FieldErrorCode }> };

/** True when `name` is a field a merge can choose. */
export function isMergeField(name: string): name is MergeField {
  return Object.hasOwn(MERGE_FIELDS, name);
}

/**
 * Plans what the master takes: for each chosen field whose source is another record with a different
 * value, that record's columns. A field naming a record outside the merge, or no mergeable field, is an
 * error (pointer `/fields/<name>`); choosing the master itself changes nothing.
 */
export function planMerge(
  master: MergeRecord,
  others: MergeRecord[],
  fields: Record<string, string>,
): MergePlanResult {
  const byId = new Map(others.map((r) => [r.id, r]));
  const errors: Array<{ pointer: string; detail: string; code: FieldErrorCode }> = [];
  const changes: MergeChange[] = [];
  for (const [field, sourceId] of Object.entries(fields)) {
    const pointer = `/fields/${field}`;
    if (!isMergeField(field)) {
      errors.push({ pointer, detail: `${field} is not a field a merge can choose`, code: 'unknown_field' });
      continue;
    }
    if (sourceId === master.id) continue;
    const source = byId.get(sourceId);
    if (!source) {
      errors.push({ pointer, detail: `${sourceId} is not one of the merged leads`, code: 'not_in_merge' });
      continue;
    }
    const key = COMPARE_BY[field] ?? field;
    if (source[key] === master[key]) continue;
    const patch = Object.fromEntries(MERGE_FIELDS[field].map((c) => [c, source[c] ?? null]));
    changes.push({ field, sourceId, patch });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, changes, patch: Object.assign({}, ...changes.map((c) => c.patch)) };
}

/** The master's columns a patch will overwrite, as they are now: the undo journal's before-state. */
export function beforeState(master: Record<string, unknown>, patch: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(patch).map((c) => [c, master[c] ?? null]));
}

/**
 * Tags are not chosen but combined: the master keeps its own and gains the merged records' (in their
 * order, without repeats). Null when that adds nothing.
 */
export function unionTags(master: { tags: string[] }, others: Array<{ tags: string[] }>): string[] | null {
  const all = [...new Set([...master.tags, ...others.flatMap((o) => o.tags)])];
  return all.length === master.tags.length ? null : all;
}
