const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined) : null;

/** The first user-perceived character that is a letter or digit (so "(Ann)" gives "A", "👩🏽‍💼 Li" gives "L"). */
function firstLetter(word: string): string {
  const graphemes = segmenter ? Array.from(segmenter.segment(word), (s) => s.segment) : Array.from(word);
  return graphemes.find((grapheme) => /[\p{L}\p{N}]/u.test(grapheme)) ?? '';
}

/**
 * Up to two initials for an avatar: first letters of the first and last word, in any script
 * ("Ada Lovelace" → "AL", "Олена Петренко" → "ОП", "山田 太郎" → "山太", "Zoë" → "Z").
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/u)
    .filter((word) => firstLetter(word) !== '');
  const first = words[0];
  if (first === undefined) return '';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return (firstLetter(first) + (last ? firstLetter(last) : '')).toLocaleUpperCase();
}
