/**
 * Base64 and byte comparison for every runtime (browser, Workers, Node) through `btoa`/`atob` only. The
 * edge's hot paths go through `crypto/encoding`, which takes node:buffer where the runtime has it and
 * falls back to these.
 */

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** URL-safe base64 without padding (RFC 4648 §5), for tokens, ids and cursors. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Standard or url-safe base64, padding optional; null for anything else. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return null;
  const bare = standard.replace(/=+$/, '');
  if (bare.length % 4 === 1) return null;
  const binary = atob(bare + '='.repeat((4 - (bare.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * True when both hold the same bytes (text compares as UTF-8), in time that depends only on the longer
 * length: no early exit, so timing does not reveal how many leading bytes matched (signatures, tokens).
 */
export function timingSafeEqual(left: Uint8Array | string, right: Uint8Array | string): boolean {
  const a = typeof left === 'string' ? new TextEncoder().encode(left) : left;
  const b = typeof right === 'string' ? new TextEncoder().encode(right) : right;
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** A value as an opaque token (base64url JSON) that clients only pass back, such as a page cursor. */
export function toOpaque(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

/** The value inside a token `toOpaque` wrote; undefined for text that is not one (callers check its shape). */
export function fromOpaque(text: string): unknown {
  const bytes = decodeBase64(text);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One page of a keyset-paginated list: the first `limit` of `rows` (read with one extra, which says whether
 * more follow) and the opaque cursor of the next page, made from the page's last row, or null at the end.
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => unknown,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? toOpaque(cursorOf(last)) : null };
}
