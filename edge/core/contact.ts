import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type EmailResult = { ok: true; email: string } | { ok: false; reason: 'invalid_format' };

// Deliberately plain: one @, a non-empty local part without spaces, a dotted ASCII (punycode) domain.
const EMAIL_SHAPE =
  /^[^\s@"<>()[\]\\,;:]+@(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** Lower-cases an email and converts an internationalized domain to its ASCII (IDNA) form. */
export function normalizeEmail(raw: string): EmailResult {
  const value = raw.normalize('NFC').trim().toLowerCase();
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1 || value.length > 320) return { ok: false, reason: 'invalid_format' };
  const local = value.slice(0, at);
  let domain = value.slice(at + 1);
  if (/[^ -~]/u.test(domain)) {
    try {
      domain = new URL(`http://${domain}`).hostname;
    } catch {
      return { ok: false, reason: 'invalid_format' };
    }
  }
  const email = `${local}@${domain}`;
  return EMAIL_SHAPE.test(email) ? { ok: true, email } : { ok: false, reason: 'invalid_format' };
}

export type PhoneResult = { valid: true; phone: string; country?: string } | { valid: false; phone: string };

/**
 * Parses a phone number to E.164 using the lead's country, else the default country.
 * An unparseable number is kept as entered (trimmed) and flagged, never dropped.
 */
export function normalizePhone(raw: string, country: string | null, defaultCountry: string): PhoneResult {
  const entered = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const region = (isCountryCode(country) ? country : defaultCountry) as CountryCode;
  const parsed = parsePhoneNumberFromString(entered, region);
  if (parsed?.isValid()) return { valid: true, phone: parsed.number, country: parsed.country };
  return { valid: false, phone: entered };
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A stored number's display form in international format (`+49 30 1234567`), or null when it is not a
 * valid E.164 number: valid as recorded when `recordedValid` says so, else as parsed now.
 */
export function phoneDisplay(phone: string, recordedValid?: boolean | null): string | null {
  const parsed = E164.test(phone) ? parsePhoneNumberFromString(phone) : undefined;
  return parsed && (recordedValid ?? parsed.isValid()) ? parsed.formatInternational() : null;
}

function isCountryCode(value: string | null): value is string {
  return !!value && /^[A-Z]{2}$/.test(value);
}

const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US',
  'united states': 'US',
  'united states of america': 'US',
  uk: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  england: 'GB',
  germany: 'DE',
  deutschland: 'DE',
  czechia: 'CZ',
  'czech republic': 'CZ',
  česko: 'CZ',
  'česká republika': 'CZ',
  ukraine: 'UA',
  україна: 'UA',
  austria: 'AT',
  österreich: 'AT',
  slovakia: 'SK',
  slovensko: 'SK',
  poland: 'PL',
  polska: 'PL',
  france: 'FR',
  switzerland: 'CH',
  schweiz: 'CH',
};

/** Accepts an ISO 3166-1 alpha-2 code in any case or a common country name; else keeps the cleaned text. */
export function normalizeCountry(raw: string | null): string | null {
  if (!raw) return null;
  const value = raw.trim();
  if (/^[a-z]{2}$/i.test(value)) return value.toUpperCase();
  return COUNTRY_ALIASES[value.toLowerCase()] ?? value;
}
