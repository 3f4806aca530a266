import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Which proxies in front of the Node face are trusted to append the client's address to X-Forwarded-For:
 * none, the nearest `hops` (a count), or those whose addresses match a list of IPs and CIDR ranges.
 */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; match: (ip: string) => boolean };

/**
 * Reads TRUST_PROXY: unset, `0` or `false` trusts no proxy; a number trusts that many hops (`1`: the one
 * reverse proxy in front, the usual setup); otherwise a comma-separated list of addresses and CIDR ranges
 * (`10.0.0.0/8, 127.0.0.1, ::1`). Null for a value that is none of these (the server refuses to start).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | null {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return { kind: 'none' };
  if (/^\d+$/.test(v)) return { kind: 'hops', hops: Number(v) };
  const ranges = v.split(',').map((s) => parseRange(s.trim()));
  if (ranges.some((r) => r === null)) return null;
  return { kind: 'list', match: (ip) => ranges.some((r) => r!(ip)) };
}

/**
 * The client address of a request: the socket's peer, or — behind trusted proxies — the right-most address
 * in X-Forwarded-For that a trusted proxy did not add (as Express's `trust proxy` does). Entries to its left
 * were written by the client and prove nothing.
 */
export function clientAddress(
  socket: string | null,
  forwardedFor: string | undefined,
  trust: TrustProxy,
): string | null {
  if (trust.kind === 'none' || !socket) return socket;
  const chain = [
    ...(forwardedFor ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    socket,
  ];
  if (trust.kind === 'hops') return chain[Math.max(0, chain.length - 1 - trust.hops)] ?? socket;
  let i = chain.length - 1;
  while (i > 0 && trust.match(chain[i]!)) i--;
  return chain[i]!;
}

/** The client IP on the Node face (see clientAddress). */
export function nodeClientIp(trust: TrustProxy): (c: Context) => string | null {
  return (c) => {
    let socket: string | null;
    try {
      socket = getConnInfo(c).remote.address ?? null;
    } catch {
      socket = null; // app.request() in tests has no socket
    }
    return clientAddress(socket, c.req.header('x-forwarded-for'), trust);
  };
}

/** A matcher for one address or CIDR range (IPv4, IPv6, IPv4-mapped IPv6), or null when it is neither. */
function parseRange(text: string): ((ip: string) => boolean) | null {
  const [address, bitsText] = text.split('/');
  const base = toBytes(address ?? '');
  if (!base) return null;
  const bits = bitsText === undefined ? base.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > base.length * 8) return null;
  return (ip) => {
    const candidate = toBytes(ip);
    if (!candidate || candidate.length !== base.length) return false;
    for (let bit = 0; bit < bits; bit++) {
      const mask = 0x80 >> (bit % 8);
      if ((candidate[bit >> 3]! & mask) !== (base[bit >> 3]! & mask)) return false;
    }
    return true;
  };
}

/** An address as bytes: 4 for IPv4 (and IPv4-mapped IPv6, so `::ffff:10.0.0.1` matches `10.0.0.0/8`), 16 for IPv6. */
function toBytes(ip: string): number[] | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const text = mapped ? mapped[1]! : ip;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((p) => p >= 0 && p <= 255) ? parts : null;
  }
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const [head, tail] = [group(halves[0]!), group(halves[1] ?? '')];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const n = Number.parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}
