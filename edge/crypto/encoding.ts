import { Buffer } from 'node:buffer';
import * as nodeCrypto from 'node:crypto';
import { decodeBase64, toBase64Url as portableBase64Url } from '../core/base64';

/**
 * base64url without padding, for tokens, ciphertexts and blind indexes (works on Workers and Node). Through
 * Buffer (node:buffer, which Workers have with nodejs_compat): building a binary string for btoa was ~2 %
 * of the Node server's CPU on ingestion (every submission seals two values and hashes three).
 */
export function toBase64Url(bytes: Uint8Array): string {
  if (typeof Buffer?.from === 'function')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return portableBase64Url(bytes);
}

/** Decodes base64url (or standard base64); throws on text that is neither. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(text);
  if (!bytes) throw new TypeError('Not base64 text');
  return bytes;
}

/** Decodes standard or url-safe base64 (key material from secrets). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return fromBase64Url(text.trim());
}

// Small requests (ids, IVs, tokens) are served from one CSPRNG fill per 4 KiB: a getRandomValues call costs
// ~15–20 µs on Node, which was a visible share of an import row's and a submission's CPU time.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolAt = 0;

/** Cryptographically random bytes (each byte handed out once). */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  if (length > 256) return crypto.getRandomValues(new Uint8Array(length));
  if (poolAt + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    poolAt = 0;
  }
  poolAt += length;
  return pool.slice(poolAt - length, poolAt);
}

export function randomToken(bytes = 32): string {
  return toBase64Url(randomBytes(bytes));
}

/** SHA-256 as base64url: node:crypto where the runtime has it (a synchronous call, not a WebCrypto job). */
export async function sha256(text: string): Promise<string> {
  if (typeof nodeCrypto.createHash === 'function')
    return toBase64Url(nodeCrypto.createHash('sha256').update(text, 'utf8').digest());
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(digest));
}
