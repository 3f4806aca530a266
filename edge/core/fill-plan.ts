/** One field where the submission and the known lead disagree; the known value is kept. */
export type FieldConflict = { field: string; kept?: unknown; submitted?: unknown };

export type FillPlan<T> = { patch: Partial<T>; filled: string[]; conflicts: FieldConflict[] };

/**
 * "Fill empty fields, keep existing values": for each field, an incoming value goes in only where the known
 * record has none; a different incoming value where it has one is reported as a conflict, not applied.
 * `secret` fields (ciphertexts) report the conflict without either value.
 */
export function planFill<T extends Record<string, unknown>>(
  known: T,
  incoming: Partial<T>,
  fields: ReadonlyArray<keyof T & string>,
  quiet: ReadonlyArray<keyof T & string> = [],
): FillPlan<T> {
  const patch: Partial<T> = {};
  const filled: string[] = [];
  const conflicts: FieldConflict[] = [];
  for (const field of fields) {
    const value = incoming[field];
    if (value == null) continue;
    if (known[field] == null) {
      patch[field] = value;
      filled.push(field);
    } else if (known[field] !== value && !quiet.includes(field)) {
      conflicts.push({ field, kept: known[field], submitted: value });
    }
  }
  return { patch, filled, conflicts };
}

/** Custom attributes the known lead does not have yet (existing keys are never overwritten). */
export function newCustomAttributes(known: Record<string, string>, incoming: Record<string, string>) {
  return Object.fromEntries(Object.entries(incoming).filter(([k]) => !(k in known)));
}
