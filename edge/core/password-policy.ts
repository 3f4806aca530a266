import { COMMON_PASSWORDS_TEXT } from './common-passwords';
import { AppError } from './errors';

/**
 * The shortest password anyone may set: 12 characters. OWASP's floor is 8 (with a second factor in mind);
 * NIST SP 800-63B-4 asks 15 when a password is the only factor. Sign-in here is password-only, so we sit
 * above OWASP's floor, and 12 still fits a passphrase of three short words or what a password manager makes.
 */
export const MIN_PASSWORD_LENGTH = 12;

/** The longest password accepted (hashing cost grows with it; no real passphrase comes near). */
export const MAX_PASSWORD_LENGTH = 1024;

let common: Set<string> | null = null;

/** The list as a set, built on first use (most requests never set a password). */
function commonPasswords(): Set<string> {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split(' '));
  return common;
}

/** Why a new password is refused, as a field-error code, or null when it is acceptable. */
export type PasswordProblem = 'password_too_short' | 'password_too_common';

/**
 * Checks a new password against the policy: at least MIN_PASSWORD_LENGTH characters (code points, so an
 * emoji counts once), and not one of the most common passwords (compared in NFKC, ignoring case).
 */
export function passwordProblem(password: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (commonPasswords().has(password.normalize('NFKC').toLowerCase())) return 'password_too_common';
  return null;
}

const PROBLEM_DETAILS: Record<PasswordProblem, string> = {
  password_too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  password_too_common: 'This password is one of the most common ones; choose another',
};

/** The developer text and wording values of a refused password, for its field error. */
export function passwordProblemDetail(problem: PasswordProblem): {
  detail: string;
  params: { minimum: number };
} {
  return { detail: PROBLEM_DETAILS[problem], params: { minimum: MIN_PASSWORD_LENGTH } };
}

/**
 * Throws a 422 naming the field when a new password breaks the policy (for the places that check a
 * password outside a request schema: an invitation accepted as a new account).
 */
export function assertNewPassword(password: string, pointer: string): void {
  const problem = passwordProblem(password);
  if (!problem) return;
  const { detail, params } = passwordProblemDetail(problem);
  throw new AppError('validation-failed', { detail, errors: [{ pointer, detail, code: problem, params }] });
}
