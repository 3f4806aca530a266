import { pbkdf2, scrypt } from 'node:crypto';
import { timingSafeEqual } from '../core/base64';
import { fromBase64Url, randomBytes, toBase64Url } from './encoding';

/**
 * How a password is hashed: scrypt (memory-hard, OWASP's choice where Argon2id is not at hand) or
 * PBKDF2-HMAC-SHA256 (the format of older hashes). Both come from `node:crypto`, which Node and workerd
 * (under `nodejs_compat`) run natively and asynchronously, so hashing never blocks Node's event loop.
 */
export type HashParams =
  | { scheme: 'scrypt'; N: number; r: number; p: number }
  | { scheme: 'pbkdf2-sha256'; iterations: number };

/**
 * New hashes: scrypt with N=2^15, r=8, p=3, one of OWASP's equivalent scrypt settings. It needs 32 MiB
 * (a quarter of a Worker's 128 MiB, so a few sign-ins at once fit in one isolate, which 2^17 would not)
 * and, measured in workerd on this project's machine (bench/RESULTS.md, "Password hashing"), well under
 * a second of CPU. Hashes with other parameters still verify and are replaced at the next sign-in.
 */
export const PASSWORD_HASH: HashParams = { scheme: 'scrypt', N: 2 ** 15, r: 8, p: 3 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Bounds a stored hash's parameters may take (a corrupt row must not make a check run for minutes). */
const MAX_ITERATIONS = 5_000_000;
const MAX_SCRYPT_MEMORY = 128 * 2 ** 20;

function derive(password: string, salt: Uint8Array, params: HashParams): Promise<Uint8Array> {
  const secret = password.normalize('NFKC');
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key: Uint8Array) => (error ? reject(error) : resolve(key));
    if (params.scheme === 'pbkdf2-sha256') pbkdf2(secret, salt, params.iterations, KEY_BYTES, 'sha256', done);
    else {
      const { N, r, p } = params;
      scrypt(secret, salt, KEY_BYTES, { N, r, p, maxmem: 2 * 128 * N * r + 2 ** 20 }, done);
    }
  });
}

function encodeParams(params: HashParams): string {
  return params.scheme === 'scrypt'
    ? `scrypt$${params.N}$${params.r}$${params.p}`
    : `pbkdf2-sha256$${params.iterations}`;
}

const positive = (s: string | undefined) => (s && /^[1-9]\d{0,9}$/.test(s) ? Number(s) : null);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A stored hash's parameters, salt and key; null when it is not one of ours or out of bounds. */
function parse(stored: string): { params: HashParams; salt: string; hash: string } | null {
  const parts = stored.split('$');
  if (parts[0] === 'pbkdf2-sha256' && parts.length === 4) {
    const iterations = positive(parts[1]);
    if (!iterations || iterations > MAX_ITERATIONS) return null;
    return { params: { scheme: 'pbkdf2-sha256', iterations }, salt: parts[2]!, hash: parts[3]! };
  }
  if (parts[0] === 'scrypt' && parts.length === 6) {
    const [N, r, p] = [positive(parts[1]), positive(parts[2]), positive(parts[3])];
    if (!N || !r || !p || (N & (N - 1)) !== 0 || 128 * N * r > MAX_SCRYPT_MEMORY || p > 16) return null;
    return { params: { scheme: 'scrypt', N, r, p }, salt: parts[4]!, hash: parts[5]! };
  }
  return null;
}

/** `scrypt$<N>$<r>$<p>$<salt>$<key>` (or `pbkdf2-sha256$<iterations>$<salt>$<key>`), base64url. */
export async function hashPassword(password: string, params: HashParams = PASSWORD_HASH): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return `${encodeParams(params)}$${toBase64Url(salt)}$${toBase64Url(await derive(password, salt, params))}`;
}

/** Checks a password against a stored hash of any supported parameters, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || !BASE64URL.test(parsed.salt) || !BASE64URL.test(parsed.hash)) return false;
  const actual = await derive(password, fromBase64Url(parsed.salt), parsed.params);
  return timingSafeEqual(toBase64Url(actual), parsed.hash);
}

/** True when a stored hash was made with other parameters than new hashes get (rehash it at sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || encodeParams(parsed.params) !== encodeParams(PASSWORD_HASH);
}

// Verifying against this when the user does not exist costs what a real check costs, so the response
// time does not reveal which addresses have accounts.
const DUMMY_HASH = `${encodeParams(PASSWORD_HASH)}$${toBase64Url(new Uint8Array(SALT_BYTES))}$${toBase64Url(new Uint8Array(KEY_BYTES))}`;

/** Spends the time of one password check against nothing (an unknown address). */
export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, DUMMY_HASH);
}
