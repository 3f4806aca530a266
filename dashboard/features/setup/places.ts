/** Regions Intl names that are not countries a phone number can belong to. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AA']);

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO 3166-1 alpha-2 countries with their names in `locale`, sorted by name. */
export function countryChoices(locale: string): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
  const choices: Array<{ code: string; name: string }> = [];
  for (const a of LETTERS)
    for (const b of LETTERS) {
      const code = a + b;
      const name = NOT_COUNTRIES.has(code) ? undefined : names.of(code);
      if (name && name !== code) choices.push({ code, name });
    }
  const collator = new Intl.Collator(locale);
  return choices.sort((x, y) => collator.compare(x.name, y.name));
}

/** The browser's own time zone, a sensible default for a new organization. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The country of the browser's first language with a region (`cs-CZ` → CZ), else US. */
export function browserCountry(languages: readonly string[]): string {
  for (const tag of languages) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && /^[A-Z]{2}$/.test(region)) return region;
    } catch {
      // A malformed language tag says nothing about the country.
    }
  }
  return 'US';
}
