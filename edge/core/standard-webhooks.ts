/**
 * Standard Webhooks (https://www.standardwebhooks.com), symmetric scheme only: HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}`, sent as `v1,<base64>` entries in `webhook-signature`.
 * WebCrypto only, so the same code runs on Workers and Node.
 */

import { decodeBase64, timingSafeEqual, toBase64 } from './base64';

/** The three request headers, as read by the caller (`null` when absent). */
export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

export type WebhookVerdict =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'missing-headers'
        | 'invalid-timestamp'
        | 'timestamp-out-of-tolerance'
        | 'no-matching-signature'
        | 'invalid-secret';
    };

const SECRET_PREFIX = 'whsec_';
const DEFAULT_TOLERANCE_SECONDS = 300;
// Digits only, as the spec's "integer unix timestamp"; 15 digits keeps Number() exact.
const TIMESTAMP_SHAPE = /^[0-9]{1,15}$/;
const encoder = new TextEncoder();

/**
 * Verifies a Standard Webhooks request. Several secrets mean rotation: any secret matching any `v1`
 * signature passes; entries of other versions (`v1a,` asymmetric) are ignored. The timestamp must be
 * within `toleranceSeconds` of `nowSeconds` in both directions. One undecodable secret fails the whole
 * call with `invalid-secret`, so a broken configuration is loud rather than silently half-working.
 */
export async function verifyWebhook(
  secrets: string[],
  headers: WebhookHeaders,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): Promise<WebhookVerdict> {
  const keys = secrets.map(decodeSecret);
  if (keys.length === 0 || keys.some((k) => k === null)) return { ok: false, reason: 'invalid-secret' };
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  if (!TIMESTAMP_SHAPE.test(timestamp)) return { ok: false, reason: 'invalid-timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp-out-of-tolerance' };
  }
  const candidates = parseV1Signatures(signature);
  if (candidates.length === 0) return { ok: false, reason: 'no-matching-signature' };
  // The header's timestamp text is what the sender signed, so it is used verbatim.
  const content = encoder.encode(`${id}.${timestamp}.${rawBody}`);
  for (const key of keys as Uint8Array<ArrayBuffer>[]) {
    const expected = await hmacSha256(key, content);
    if (candidates.some((candidate) => timingSafeEqual(expected, candidate))) return { ok: true };
  }
  return { ok: false, reason: 'no-matching-signature' };
}

/**
 * Signs a webhook and returns one `webhook-signature` entry, `v1,<base64>`. Throws on an undecodable
 * secret or a timestamp that is not a non-negative integer: both are programming errors here.
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  rawBody: string,
): Promise<string> {
  const key = decodeSecret(secret);
  if (!key) throw new Error('Invalid webhook secret: expected whsec_<base64> or bare base64.');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('Webhook timestamp must be a non-negative integer number of seconds.');
  }
  const mac = await hmacSha256(key, encoder.encode(`${id}.${timestampSeconds}.${rawBody}`));
  return `v1,${toBase64(mac)}`;
}

/**
 * Formats random bytes (24–32 of them, from `crypto.getRandomValues`) as a `whsec_` secret.
 * Throws a RangeError for any other length.
 */
export function generateWebhookSecret(random: Uint8Array): string {
  if (random.length < 24 || random.length > 32) {
    throw new RangeError(`A webhook secret needs 24–32 random bytes, got ${random.length}.`);
  }
  return `${SECRET_PREFIX}${toBase64(random)}`;
}

function decodeSecret(secret: string): Uint8Array<ArrayBuffer> | null {
  const body = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeBase64(body.trim());
  return key && key.length > 0 ? key : null;
}

/** The decoded `v1` entries of a signature header; malformed entries are skipped, never thrown. */
function parseV1Signatures(header: string): Uint8Array<ArrayBuffer>[] {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (const entry of header.split(/\s+/)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const bytes = decodeBase64(entry.slice(comma + 1));
    if (bytes && bytes.length > 0) out.push(bytes);
  }
  return out;
}

async function hmacSha256(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data));
}
