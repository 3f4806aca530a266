import { toPointer } from './json-pointer';
import type { ScoringRules } from './score';

/** One difference between two scoring models, at a JSON pointer into the model. */
export type ScoringChange =
  | { path: string; kind: 'value'; before: number; after: number }
  | { path: string; kind: 'list'; added: string[]; removed: string[] };

/**
 * What changed from `before` to `after`: numbers that differ, and per keyword list the entries added and
 * removed (order within a list does not matter to scoring, so a reordering is no change). A title language
 * present on one side only compares against empty lists. Paths follow the model's order.
 */
export function diffScoringRules(before: ScoringRules, after: ScoringRules): ScoringChange[] {
  const changes: ScoringChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

type Json = number | string[] | { [key: string]: Json };

function walk(a: Json | undefined, b: Json | undefined, keys: string[], out: ScoringChange[]): void {
  const path = toPointer(keys);
  if (Array.isArray(a) || Array.isArray(b)) {
    const was = new Set(Array.isArray(a) ? a : []);
    const is = new Set(Array.isArray(b) ? b : []);
    const added = [...is].filter((k) => !was.has(k));
    const removed = [...was].filter((k) => !is.has(k));
    if (added.length > 0 || removed.length > 0) out.push({ path, kind: 'list', added, removed });
    return;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : 0;
    const y = typeof b === 'number' ? b : 0;
    if (x !== y) out.push({ path, kind: 'value', before: x, after: y });
    return;
  }
  const x = (a ?? {}) as Record<string, Json>;
  const y = (b ?? {}) as Record<string, Json>;
  for (const key of [...Object.keys(x), ...Object.keys(y).filter((k) => !(k in x))]) {
    walk(x[key], y[key], [...keys, key], out);
  }
}
