import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  type WebhookHeaders,
  type WebhookVerdict,
} from './standard-webhooks';

// The published vector from the spec repository's JavaScript library tests (libraries/javascript).
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const OK: WebhookVerdict = { ok: true };
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const SECRET = generateWebhookSecret(new Uint8Array(32).map((_, i) => (i * 37 + 11) % 256));
const OLD_SECRET = generateWebhookSecret(new Uint8Array(24).map((_, i) => (i * 53 + 7) % 256));
const OTHER_SECRET = generateWebhookSecret(new Uint8Array(24).fill(9));
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const BODY = '{"type":"lead.created","data":{"name":"Олена Шевченко 🚀"}}';

/** The reference: Node's own HMAC, independent of the WebCrypto code under test. */
function nodeSign(secret: string, id: string, timestamp: number | string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function headers(over: Partial<WebhookHeaders> = {}): WebhookHeaders {
  return { id: ID, timestamp: String(NOW), signature: nodeSign(SECRET, ID, NOW, BODY), ...over };
}

describe('signWebhook', () => {
  it.each([
    ['the spec vector', SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body],
    ['a bare base64 secret', SPEC.secret.slice('whsec_'.length), SPEC.id, SPEC.timestamp, SPEC.body],
    ['Cyrillic and emoji in the body', SECRET, ID, NOW, BODY],
    ['an empty body', OLD_SECRET, 'msg_1', 0, ''],
  ])('matches node:crypto for %s', async (_, secret, id, ts, body) => {
    await expect(signWebhook(secret, id, ts, body)).resolves.toBe(nodeSign(secret, id, ts, body));
  });

  it('reproduces the published spec signature', async () => {
    await expect(signWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).resolves.toBe(SPEC.signature);
    expect(nodeSign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it.each([
    ['a non-base64 secret', 'whsec_***', 1],
    ['an empty secret', 'whsec_', 1],
    ['a fractional timestamp', SECRET, 1.5],
    ['a negative timestamp', SECRET, -1],
  ])('rejects %s', async (_, secret, ts) => {
    await expect(signWebhook(secret, ID, ts, BODY)).rejects.toThrow();
  });
});

describe('verifyWebhook', () => {
  const valid = nodeSign(SECRET, ID, NOW, BODY);
  const old = nodeSign(OLD_SECRET, ID, NOW, BODY);

  it.each<[string, string[], Partial<WebhookHeaders>, string, number, WebhookVerdict]>([
    ['a valid signature', [SECRET], {}, BODY, NOW, OK],
    ['the spec vector', [SPEC.secret], specHeaders(), SPEC.body, SPEC.timestamp, OK],
    ['the spec vector, bare secret', [SPEC.secret.slice(6)], specHeaders(), SPEC.body, SPEC.timestamp, OK],
    ['several signatures, one valid', [SECRET], { signature: `v1,AAAA ${old} ${valid}` }, BODY, NOW, OK],
    ['rotation: old secret still listed', [SECRET, OLD_SECRET], { signature: old }, BODY, NOW, OK],
    ['rotation: new secret first', [OLD_SECRET, SECRET], { signature: valid }, BODY, NOW, OK],
    ['extra spaces between entries', [SECRET], { signature: `  v1a,xyz   ${valid}  ` }, BODY, NOW, OK],
    ['a wrong secret', [OTHER_SECRET], {}, BODY, NOW, no('no-matching-signature')],
    ['a tampered body', [SECRET], {}, `${BODY} `, NOW, no('no-matching-signature')],
    [
      'a tampered id',
      [SECRET],
      { id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4X' },
      BODY,
      NOW,
      no('no-matching-signature'),
    ],
    [
      'a signature for another timestamp',
      [SECRET],
      { timestamp: String(NOW + 1) },
      BODY,
      NOW,
      no('no-matching-signature'),
    ],
    [
      'only v1a entries (the v1 value reused)',
      [SECRET],
      { signature: valid.replace('v1,', 'v1a,') },
      BODY,
      NOW,
      no('no-matching-signature'),
    ],
    [
      'a v2 entry with the valid value',
      [SECRET],
      { signature: valid.replace('v1,', 'v2,') },
      BODY,
      NOW,
      no('no-matching-signature'),
    ],
    [
      'a truncated signature',
      [SECRET],
      { signature: valid.slice(0, 20) },
      BODY,
      NOW,
      no('no-matching-signature'),
    ],
    ['an empty v1 entry', [SECRET], { signature: 'v1,' }, BODY, NOW, no('no-matching-signature')],
    [
      'malformed base64',
      [SECRET],
      { signature: 'v1,@@@not*base64=== v1,A v1,=AAA' },
      BODY,
      NOW,
      no('no-matching-signature'),
    ],
    ['an entry without a comma', [SECRET], { signature: 'v1' }, BODY, NOW, no('no-matching-signature')],
    ['a missing id', [SECRET], { id: null }, BODY, NOW, no('missing-headers')],
    ['a missing timestamp', [SECRET], { timestamp: null }, BODY, NOW, no('missing-headers')],
    ['a missing signature', [SECRET], { signature: null }, BODY, NOW, no('missing-headers')],
    ['an empty id', [SECRET], { id: '' }, BODY, NOW, no('missing-headers')],
    ['a non-numeric timestamp', [SECRET], { timestamp: 'hello' }, BODY, NOW, no('invalid-timestamp')],
    ['a millisecond-style decimal', [SECRET], { timestamp: `${NOW}.5` }, BODY, NOW, no('invalid-timestamp')],
    ['a negative timestamp', [SECRET], { timestamp: `-${NOW}` }, BODY, NOW, no('invalid-timestamp')],
    ['an ISO timestamp', [SECRET], { timestamp: '2026-01-01T00:00:00Z' }, BODY, NOW, no('invalid-timestamp')],
    ['no secrets at all', [], {}, BODY, NOW, no('invalid-secret')],
    ['an undecodable secret', ['whsec_!!!'], {}, BODY, NOW, no('invalid-secret')],
    ['one undecodable secret among good ones', [SECRET, 'whsec_'], {}, BODY, NOW, no('invalid-secret')],
  ])('%s', async (_, secrets, over, body, now, expected) => {
    await expect(verifyWebhook(secrets, { ...headers(), ...over }, body, now)).resolves.toEqual(expected);
  });

  it.each([
    ['300 s old', -300, OK],
    ['301 s old', -301, no('timestamp-out-of-tolerance')],
    ['299 s old', -299, OK],
    ['300 s ahead', 300, OK],
    ['301 s ahead', 301, no('timestamp-out-of-tolerance')],
    ['299 s ahead', 299, OK],
  ])('a timestamp %s', async (_, offset, expected) => {
    const ts = NOW + offset;
    const h = headers({ timestamp: String(ts), signature: nodeSign(SECRET, ID, ts, BODY) });
    await expect(verifyWebhook([SECRET], h, BODY, NOW)).resolves.toEqual(expected);
  });

  it.each([
    [60, 60, OK],
    [60, 61, no('timestamp-out-of-tolerance')],
  ])('honours a custom tolerance of %i s (offset %i s)', async (tolerance, offset, expected) => {
    const ts = NOW - offset;
    const h = headers({ timestamp: String(ts), signature: nodeSign(SECRET, ID, ts, BODY) });
    await expect(verifyWebhook([SECRET], h, BODY, NOW, tolerance)).resolves.toEqual(expected);
  });

  it('accepts what signWebhook produces', async () => {
    const signature = await signWebhook(SECRET, ID, NOW, BODY);
    await expect(verifyWebhook([SECRET], headers({ signature }), BODY, NOW)).resolves.toEqual({ ok: true });
  });
});

describe('generateWebhookSecret', () => {
  it.each([24, 32])('formats %i bytes as whsec_ + base64', (length) => {
    const bytes = new Uint8Array(length).map((_, i) => i);
    const secret = generateWebhookSecret(bytes);
    expect(secret).toBe(`whsec_${Buffer.from(bytes).toString('base64')}`);
  });

  it.each([0, 16, 23, 33, 64])('rejects %i bytes', (length) => {
    expect(() => generateWebhookSecret(new Uint8Array(length))).toThrow(RangeError);
  });
});

function no(reason: Exclude<WebhookVerdict, { ok: true }>['reason']): WebhookVerdict {
  return { ok: false, reason };
}

function specHeaders(): Partial<WebhookHeaders> {
  return { id: SPEC.id, timestamp: String(SPEC.timestamp), signature: SPEC.signature };
}
