import { fieldErrorsAt } from '../../api/field-errors';
import type { FieldError, Problem } from '../../api/problem';

/** The completion form's fields, in the order the page shows them. */
export const SIGNUP_FIELDS = ['organization', 'country', 'timezone', 'name', 'password'] as const;
export type SignupField = (typeof SIGNUP_FIELDS)[number];

const POINTERS: Record<string, SignupField> = {
  '/organization/name': 'organization',
  '/organization/defaultCountry': 'country',
  '/organization/timezone': 'timezone',
  '/owner/name': 'name',
  '/owner/password': 'password',
};

/** Places a failed completion's field errors on the form's fields. */
export function signupFieldErrors(problem: Problem): Partial<Record<SignupField, FieldError>> {
  return fieldErrorsAt(problem, POINTERS);
}

/**
 * The token of a sign-up link (`/app/signup#<token>`), or null on the page that asks for an email. The
 * caller takes it out of the address bar, so it is not kept in history.
 */
export function tokenFromHash(hash: string): string | null {
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  return token || null;
}
