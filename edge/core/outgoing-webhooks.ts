/**
 * Outgoing webhooks, the pure part: the event types, where a webhook may be sent (the SSRF guard), and when
 * a failed message is tried again.
 */

/** Every event an endpoint may subscribe to (the database trigger maps lead events onto these). */
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'lead.status_changed',
  'lead.assigned',
  'lead.converted',
  'lead.merged',
  'lead.erased',
  'import.completed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The payload's `version`: bumped when a field changes meaning or disappears (additions keep it). */
export const WEBHOOK_PAYLOAD_VERSION = 1;

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export type TargetVerdict =
  | { ok: true; host: string }
  | { ok: false; reason: 'invalid-url' | 'not-https' | 'too-long' | 'private-address' | 'credentials' };

/** `allowLoopback`: a test-only setting that lets plain http to 127.0.0.1/::1/localhost through. */
export type TargetPolicy = { allowLoopback: boolean };

/** Names that always point inside: cloud metadata services and the local machine. */
const BLOCKED_NAMES = new Set(['localhost', 'metadata.google.internal', 'metadata', 'instance-data']);
const BLOCKED_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain'];

/**
 * Checks a webhook URL as written: https (http only to loopback under the test-only setting), no user
 * info, at most 2,000 characters, and a host that is not a private, loopback, link-local, unique-local or
 * metadata address or name. A name's resolved addresses are checked apart (`isBlockedAddress`), on the
 * runtimes that can resolve.
 */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): TargetVerdict {
  if (raw.length >= MAX_WEBHOOK_URL_LENGTH) return { ok: false, reason: 'too-long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'invalid-url' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const loopbackAllowed = policy.allowLoopback && isLoopback(host);
  if (url.protocol !== 'https:' && !loopbackAllowed) return { ok: false, reason: 'not-https' };
  if (loopbackAllowed) return { ok: true, host };
  if (BLOCKED_NAMES.has(host) || BLOCKED_SUFFIXES.some((s) => host.endsWith(s)))
    return { ok: false, reason: 'private-address' };
  if (isBlockedAddress(host)) return { ok: false, reason: 'private-address' };
  return { ok: true, host };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const v4 = parseIpv4(host);
  if (v4) return v4[0] === 127;
  const v6 = parseIpv6(host);
  return v6?.every((part, i) => part === (i === 7 ? 1 : 0)) ?? false;
}

/** Whether an address (IPv4 or IPv6 literal) must not be a webhook target; names answer false. */
export function isBlockedAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4) return blockedV4(v4);
  const v6 = parseIpv6(address);
  if (!v6) return false;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms carry an IPv4 address.
  if (v6.slice(0, 5).every((p) => p === 0) && (v6[5] === 0xffff || v6[5] === 0))
    return v6[5] === 0 && v6[6] === 0 && v6[7]! <= 1 ? true : blockedV4(v4Of(v6[6]!, v6[7]!));
  if (v6[0] === 0x64 && v6[1] === 0xff9b) return blockedV4(v4Of(v6[6]!, v6[7]!)); // NAT64
  const first = v6[0]!;
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xffc0) === 0xfec0 || // site-local (deprecated)
    (first & 0xff00) === 0xff00 || // multicast
    (first === 0x2001 && v6[1] === 0x0db8) // documentation
  );
}

function v4Of(hi: number, lo: number): number[] {
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function blockedV4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b! >= 64 && b! <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a! >= 224 // multicast, reserved, broadcast
  );
}

function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p))) return null;
  const n = parts.map(Number);
  return n.every((x) => x <= 255) ? n : null;
}

/** The eight groups of an IPv6 literal, as the URL standard normalizes it (dotted tails included). */
function parseIpv6(s: string): number[] | null {
  if (!s.includes(':')) return null;
  let text: string;
  try {
    text = new URL(`http://[${s}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const halves = text.split('::');
  const group = (h: string | undefined) => (h ? h.split(':') : []);
  const head = group(halves[0]);
  const rest = group(halves[1]);
  const fill = 8 - head.length - rest.length;
  return [...head, ...Array<string>(Math.max(0, fill)).fill('0'), ...rest].map((g) => Number.parseInt(g, 16));
}

/**
 * Seconds after the n-th failed attempt (1-based) before the next one; null when the retries are spent.
 * Thirteen retries over about 87 hours: an endpoint that stays down is disabled at three days of failure
 * before its messages give up.
 */
const RETRY_SECONDS = [
  5, 30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200, 43_200, 43_200, 43_200, 43_200, 43_200,
];

/**
 * The delay before the next attempt after `attempts` failed ones, with ±20 % jitter from `random` (0…1)
 * so the retries of many messages to one endpoint do not arrive together. Null: give up.
 */
export function retryDelaySeconds(attempts: number, random: number): number | null {
  const base = RETRY_SECONDS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random));
}

/** The total of the retry schedule without jitter, in seconds (documented and tested: ≥ 24 h). */
export const RETRY_SPAN_SECONDS = RETRY_SECONDS.reduce((a, b) => a + b, 0);

/** An endpoint whose attempts have failed for this long is disabled and its admins are told. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000;

/** The first bytes of an answer kept in the log, and how long an attempt may take. */
export const RESPONSE_EXCERPT_BYTES = 2048;
export const ATTEMPT_TIMEOUT_MS = 10_000;
