import { isSupportedCountry } from 'libphonenumber-js/max';
import { normalizeEmail } from './contact';
import { hasRole, type Role } from './permissions';

/** How long an invitation link stays valid unless the caller says otherwise. */
export const INVITATION_TTL_DAYS = 7;

/**
 * The one form of an email address that identifies a person: NFC, trimmed, lower case, ASCII (IDNA)
 * domain; null when it is not an address. Two spellings that differ only in case or Unicode form are
 * the same person.
 */
export function personEmail(raw: string): string | null {
  const result = normalizeEmail(raw);
  return result.ok ? result.email : null;
}

/** True for an IANA time zone this runtime knows (e.g. Europe/Prague, UTC). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** True for an ISO 3166-1 alpha-2 country code (upper case) that phone numbers can be parsed for. */
export function isCountry(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}

/** A URL-safe slug of an organization's name; `org` when nothing of the name is left. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return slug || 'org';
}

/**
 * Whether `caller` may give `role` to someone, or change a member who holds `current`: admins manage
 * viewers, members and admins; only an owner grants, changes or removes the owner role.
 */
export function canManageRole(caller: Role, role: Role, current?: Role): boolean {
  if (!hasRole(caller, 'admin')) return false;
  if (caller === 'owner') return true;
  return role !== 'owner' && current !== 'owner';
}

/** Whether a change leaves the organization without an active owner (the count is of active owners). */
export function losesLastOwner(
  activeOwners: number,
  member: { role: Role; active: boolean },
  next: { role: Role; active: boolean },
): boolean {
  const wasOwner = member.role === 'owner' && member.active;
  const staysOwner = next.role === 'owner' && next.active;
  return wasOwner && !staysOwner && activeOwners <= 1;
}
