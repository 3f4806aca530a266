import { normalizeEmail } from './contact';
import { cleanText, foldForMatch } from './text';

/** One folded search word and how it matches the folded "first last company" text. */
export type SearchTerm = { text: string; match: 'substring' | 'word-prefix' };

/**
 * How the list search box is answered. Emails and phones are stored encrypted, so they are found only
 * exactly, through their blind index; everything else is matched on the folded name and company text.
 */
export type SearchPlan =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'text'; terms: SearchTerm[] }
  | { kind: 'too-short' };

/** More words than this add nothing but cost: the rest are ignored. */
export const MAX_SEARCH_TERMS = 6;

const PHONE_SHAPE = /^\+?[\d\s().\-/]+$/;
const MIN_PHONE_DIGITS = 6;

/**
 * Plans a search. Words of three or more characters match anywhere (a trigram index answers them); a
 * two-character word matches the start of a word ("Li", "Wu"), which the index still answers through the
 * word-start trigram. Single characters are too unselective to search on their own: a query made only of
 * them is `too-short`, and beside longer words they only narrow as word starts.
 */
export function planSearch(raw: string): SearchPlan {
  const q = cleanText(raw) ?? '';
  if (q.includes('@')) {
    const email = normalizeEmail(q);
    if (email.ok) return { kind: 'email', email: email.email };
  }
  if (PHONE_SHAPE.test(q) && q.replace(/\D/g, '').length >= MIN_PHONE_DIGITS)
    return { kind: 'phone', phone: q };
  const words = [...new Set(foldForMatch(q).split(' ').filter(Boolean))].slice(0, MAX_SEARCH_TERMS);
  if (!words.some((w) => [...w].length >= 2)) return { kind: 'too-short' };
  return {
    kind: 'text',
    terms: words.map((text) => ({ text, match: [...text].length >= 3 ? 'substring' : 'word-prefix' })),
  };
}

/**
 * Whether no word of a text search has three characters: each then matches only as a word start, which
 * the trigram index narrows little (a common start such as "gm" matches a tenth of all leads).
 */
export function onlyWordStarts(plan: SearchPlan): boolean {
  return plan.kind === 'text' && plan.terms.every((t) => t.match === 'word-prefix');
}

/** Escapes LIKE wildcards so a searched "%" or "_" is literal (with `ESCAPE '\'`, Postgres' default). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
