/**
 * Trim, Unicode NFC and collapse inner whitespace; empty becomes null. U+0000 is dropped: Postgres text
 * cannot store it (the HTTP boundary refuses it; this covers payloads no schema looked into, like a
 * HubSpot custom property).
 */
export function cleanText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const out = value.normalize('NFC').replaceAll('\u0000', '').replace(/\s+/gu, ' ').trim();
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
