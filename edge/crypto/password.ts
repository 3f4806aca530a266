import { timingSafeEqual } from '../core/base64';
import { fromBase64Url, randomBytes, toBase64Url } from './encoding';

/**
 * PBKDF2-HMAC-SHA256 at 100,000 iterations: the most Workers' WebCrypto allows (it rejects more), and the
 * only memory-hard-free KDF available natively on both runtimes. OWASP asks 600,000 for PBKDF2-SHA256, so
 * the stored format carries its parameters and hashes are upgraded on login when the limit is raised;
 * a pure-JS scrypt/argon2 would exceed Workers' CPU budget per request.
 */
export const PBKDF2_ITERATIONS = 100_000;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password.normalize('NFKC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return toBase64Url(new Uint8Array(bits));
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${await derive(password, salt, iterations)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
  const actual = await derive(password, fromBase64Url(salt), Number(iterations));
  return timingSafeEqual(actual, hash);
}

// Verifying against this when the user does not exist keeps response time from revealing which emails exist.
const DUMMY_HASH = 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, DUMMY_HASH);
}
