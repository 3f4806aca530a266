/**
 * Money: an organization's currency (ISO 4217, derived from its default country unless chosen) and
 * amounts typed in the user's locale. Pure; `Intl` supplies each locale's separators.
 */

const EURO_AREA = [
  'AT',
  'BE',
  'BG',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
] as const;

/** ISO 3166-1 alpha-2 country → ISO 4217 currency, for the countries an organization is likely to be in. */
export const COUNTRY_CURRENCIES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(EURO_AREA.map((c) => [c, 'EUR'])),
  AE: 'AED',
  AU: 'AUD',
  BR: 'BRL',
  CA: 'CAD',
  CH: 'CHF',
  CN: 'CNY',
  CZ: 'CZK',
  DK: 'DKK',
  GB: 'GBP',
  HU: 'HUF',
  IL: 'ILS',
  IN: 'INR',
  JP: 'JPY',
  KR: 'KRW',
  MX: 'MXN',
  NO: 'NOK',
  NZ: 'NZD',
  PL: 'PLN',
  RO: 'RON',
  SE: 'SEK',
  SG: 'SGD',
  TR: 'TRY',
  UA: 'UAH',
  US: 'USD',
  ZA: 'ZAR',
};

/** The currency used where a country is not in the table. */
export const FALLBACK_CURRENCY = 'USD';

/** The currency of an organization in `country` (ISO 3166-1 alpha-2, any case); USD when unknown. */
export function currencyForCountry(country: string | null | undefined): string {
  return COUNTRY_CURRENCIES[(country ?? '').trim().toUpperCase()] ?? FALLBACK_CURRENCY;
}

/** A well-formed ISO 4217 code (three capital letters) that this runtime's Intl knows as a currency. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** The largest amount an opportunity holds (numeric(14,2)). */
export const MAX_AMOUNT = 999_999_999_999;

/** Spaces used as digit-group separators: space, no-break space, narrow no-break space, thin space. */
const SPACES = /[ \u00a0\u202f\u2009]/g;

/** The locale's decimal and group separators (a space-like group reads as a plain space). */
function separators(locale: string): { decimal: string; group: string } {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  } catch {
    parts = new Intl.NumberFormat('en').formatToParts(12345.6);
  }
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = (parts.find((p) => p.type === 'group')?.value ?? ' ').replace(SPACES, ' ');
  return { decimal, group };
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads an amount typed in `locale`: "1.234,56" (de), "1 234,56" (cs, uk; any kind of space),
 * "1,234.56" (en). Digits are grouped by threes with the locale's separator or a space, or not at all;
 * at most two decimals. When the locale's format does not fit, plain digits with a "." before the
 * decimals ("1234.56", what a number keypad or a copied figure gives) are read as such. Null when the
 * text is not an amount of 0 or more.
 */
export function parseAmount(text: string, locale: string): number | null {
  const compact = text.trim().replace(SPACES, ' ');
  if (!compact) return null;
  const { decimal, group } = separators(locale);
  const groups = `[${literal(group)} ]`;
  const own = new RegExp(`^(\\d{1,3}(?:${groups}\\d{3})*|\\d+)(?:${literal(decimal)}(\\d{1,2}))?$`);
  const m = own.exec(compact) ?? /^(\d+)(?:\.(\d{1,2}))?$/.exec(compact);
  if (!m) return null;
  const value = Number(`${m[1]!.replace(/\D/g, '')}.${m[2] ?? '0'}`);
  return Number.isFinite(value) && value <= MAX_AMOUNT ? value : null;
}

/** An amount as the locale writes it for typing back in: grouped, with exactly two decimals. */
export function formatAmountInput(amount: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}
