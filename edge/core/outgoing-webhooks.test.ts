import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  isBlockedAddress,
  MAX_WEBHOOK_URL_LENGTH,
  RETRY_SPAN_SECONDS,
  retryDelaySeconds,
} from './outgoing-webhooks';

const strict = { allowLoopback: false };
const testing = { allowLoopback: true };

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/leadgate', strict, { ok: true, host: 'hooks.example.com' }],
    ['https://93.184.215.14/hook', strict, { ok: true, host: '93.184.215.14' }],
    ['http://hooks.example.com/', strict, { ok: false, reason: 'not-https' }],
    ['ftp://hooks.example.com/', strict, { ok: false, reason: 'invalid-url' }],
    ['not a url', strict, { ok: false, reason: 'invalid-url' }],
    ['https://user:pw@hooks.example.com/', strict, { ok: false, reason: 'credentials' }],
    ['https://127.0.0.1/', strict, { ok: false, reason: 'private-address' }],
    ['https://localhost:8443/', strict, { ok: false, reason: 'private-address' }],
    ['https://10.1.2.3/', strict, { ok: false, reason: 'private-address' }],
    ['https://172.20.0.1/', strict, { ok: false, reason: 'private-address' }],
    ['https://192.168.1.1/', strict, { ok: false, reason: 'private-address' }],
    ['https://169.254.169.254/latest/meta-data', strict, { ok: false, reason: 'private-address' }],
    ['https://100.64.0.1/', strict, { ok: false, reason: 'private-address' }],
    ['https://0.0.0.0/', strict, { ok: false, reason: 'private-address' }],
    ['https://0x7f.1/', strict, { ok: false, reason: 'private-address' }],
    ['https://2130706433/', strict, { ok: false, reason: 'private-address' }],
    ['https://[::1]/', strict, { ok: false, reason: 'private-address' }],
    ['https://[::ffff:127.0.0.1]/', strict, { ok: false, reason: 'private-address' }],
    ['https://[::ffff:10.0.0.1]/', strict, { ok: false, reason: 'private-address' }],
    ['https://[fe80::1]/', strict, { ok: false, reason: 'private-address' }],
    ['https://[fd12:3456::1]/', strict, { ok: false, reason: 'private-address' }],
    ['https://metadata.google.internal/', strict, { ok: false, reason: 'private-address' }],
    ['https://printer.local/', strict, { ok: false, reason: 'private-address' }],
    ['https://[2606:4700::1111]/', strict, { ok: true, host: '2606:4700::1111' }],
    ['http://127.0.0.1:4000/hook', testing, { ok: true, host: '127.0.0.1' }],
    ['http://[::1]:4000/hook', testing, { ok: true, host: '::1' }],
    ['http://10.0.0.1/hook', testing, { ok: false, reason: 'not-https' }],
    ['https://10.0.0.1/hook', testing, { ok: false, reason: 'private-address' }],
  ] as const)('%s', (url, policy, verdict) => {
    expect(checkWebhookUrl(url, policy)).toEqual(verdict);
  });

  it('refuses a URL of 2,000 characters or more', () => {
    const base = 'https://hooks.example.com/';
    expect(checkWebhookUrl(base + 'a'.repeat(MAX_WEBHOOK_URL_LENGTH - base.length - 1), strict).ok).toBe(
      true,
    );
    expect(checkWebhookUrl(base + 'a'.repeat(MAX_WEBHOOK_URL_LENGTH - base.length), strict)).toEqual({
      ok: false,
      reason: 'too-long',
    });
  });
});

describe('isBlockedAddress', () => {
  it.each([
    ['8.8.8.8', false],
    ['127.0.0.53', true],
    ['::ffff:192.168.0.1', true],
    ['64:ff9b::a00:1', true],
    ['2a00:1450:4001::200e', false],
    ['fc00::1', true],
    ['example.com', false],
  ])('%s → %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });
});

describe('retryDelaySeconds', () => {
  it('backs off exponentially with jitter and gives up after the schedule', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 0.5))).toEqual([5, 30, 120, 600]);
    expect(retryDelaySeconds(1, 0)).toBe(4);
    expect(retryDelaySeconds(1, 1)).toBe(6);
    expect(retryDelaySeconds(15, 0.5)).toBe(43_200);
    expect(retryDelaySeconds(16, 0.5)).toBeNull();
  });

  it('spans more than 24 hours and past the three days after which an endpoint is disabled', () => {
    expect(RETRY_SPAN_SECONDS).toBeGreaterThan(3 * 24 * 3600);
  });
});
