/** An unpaired UTF-16 surrogate: a high one not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Whether Postgres can store the text as given: text columns cannot hold U+0000, and an unpaired surrogate
 * is not Unicode (jsonb refuses it; a text column would silently store U+FFFD instead).
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * Trim, Unicode NFC and collapse inner whitespace; empty becomes null. Text Postgres cannot store is
 * mended: U+0000 dropped, an unpaired surrogate replaced by U+FFFD. The HTTP boundary refuses such text
 * (isStorableText); this covers payloads no schema looked into, like a HubSpot custom property.
 */
export function cleanText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const out = value
    .replaceAll('\u0000', '')
    .replace(LONE_SURROGATES, '\uFFFD')
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .trim();
  return out === '' ? null : out;
}

/** Lower-case and strip combining marks, so "Novák" and "novak" compare equal; other scripts are kept. */
export function foldForMatch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase();
}

/** The text that trigram search runs over: folded first name, last name and company. */
export function buildSearchText(parts: Array<string | null | undefined>): string {
  return foldForMatch(
    parts
      .filter((p): p is string => !!p)
      .join(' ')
      .replace(/\s+/gu, ' ')
      .trim(),
  );
}

// Legal-form suffixes across our markets; stripped for the match key only, never from what is shown.
const LEGAL_SUFFIXES = [
  'gmbh & co. kg',
  'gmbh & co kg',
  'spol. s r.o.',
  'spol s r o',
  's.r.o.',
  'sro',
  'a.s.',
  'as',
  'v.o.s.',
  'k.s.',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'e.v.',
  'se',
  'inc.',
  'inc',
  'incorporated',
  'ltd.',
  'ltd',
  'limited',
  'llc',
  'l.l.c.',
  'llp',
  'plc',
  'corp.',
  'corp',
  'corporation',
  'co.',
  'co',
  'company',
  'sa',
  's.a.',
  'sas',
  'sarl',
  'bv',
  'b.v.',
  'nv',
  'n.v.',
  'oy',
  'ab',
  'aps',
  'as',
  'spa',
  's.p.a.',
  'srl',
  's.r.l.',
  'sp. z o.o.',
  'тов',
  'тзов',
  'ооо',
  'пат',
  'прат',
  'ат',
].sort((a, b) => b.length - a.length);

/** A company name reduced for matching: folded, punctuation-light, legal suffixes removed. */
export function companyMatchKey(name: string | null | undefined): string | null {
  const cleaned = cleanText(name);
  if (!cleaned) return null;
  let key = foldForMatch(cleaned)
    .replace(/[,"'’]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (key.length > suffix.length && key.endsWith(` ${suffix}`)) {
        key = key.slice(0, -suffix.length - 1).trim();
        changed = true;
      }
    }
  }
  key = key.replace(/[.\-–]+$/u, '').trim();
  return key === '' ? null : key;
}
