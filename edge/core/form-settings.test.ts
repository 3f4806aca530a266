import { describe, expect, it } from 'vitest';
import {
  FORM_DEFAULTS,
  type FormSettingsIssue,
  formSettingsIssues,
  isRedirectTarget,
  normalizeEmbedOrigin,
  sharedOriginIssues,
} from './form-settings';

describe('normalizeEmbedOrigin', () => {
  it.each<[string, string | null]>([
    ['*', '*'],
    ['https://www.example.com', 'https://www.example.com'],
    ['https://www.example.com/', 'https://www.example.com'],
    ['HTTPS://WWW.Example.COM', 'https://www.example.com'],
    ['https://example.com:8443', 'https://example.com:8443'],
    ['https://example.com:443', 'https://example.com'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['http://localhost', 'http://localhost'],
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['  https://example.com  ', 'https://example.com'],
    ['http://example.com', null],
    ['https://example.com/contact', null],
    ['https://example.com?x=1', null],
    ['https://example.com#top', null],
    ['https://user:pw@example.com', null],
    ['https://*.example.com', null],
    ['example.com', null],
    ['ftp://example.com', null],
    ['https://', null],
    ['https://exa mple.com', null],
    ['https://example.com:99999', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmbedOrigin(input)).toBe(expected);
  });
});

describe('isRedirectTarget', () => {
  it.each<[string, boolean]>([
    ['/thanks', true],
    ['/demo?submitted=1', true],
    ['https://www.example.com/thanks', true],
    ['http://localhost:3000/thanks?x=1#top', true],
    ['//evil.example/', false],
    ['/\\evil.example', false],
    ['thanks', false],
    ['javascript:alert(1)', false],
    ['https:evil.example', false],
    ['https://user:pw@example.com/', false],
    ['/thanks page', false],
    ['https://exa mple.com/', false],
  ])('%j → %j', (input, expected) => {
    expect(isRedirectTarget(input)).toBe(expected);
  });
});

describe('formSettingsIssues', () => {
  const ok = FORM_DEFAULTS;
  it('accepts the defaults', () => {
    expect(formSettingsIssues(ok)).toEqual([]);
  });

  it.each<[string, Partial<typeof ok>, FormSettingsIssue[]]>([
    [
      'a form without a last name',
      { fields: [{ name: 'email', required: true }] },
      [{ path: ['fields'], code: 'last_name_required' }],
    ],
    [
      'an optional last name',
      { fields: [{ name: 'lastName', required: false }] },
      [{ path: ['fields', 0, 'required'], code: 'last_name_required' }],
    ],
    [
      'a field twice',
      {
        fields: [
          { name: 'lastName', required: true },
          { name: 'email', required: false },
          { name: 'email', required: true },
        ],
      },
      [{ path: ['fields', 2, 'name'], code: 'duplicate_field' }],
    ],
    [
      'a bad and a repeated origin',
      { allowedOrigins: ['https://a.example', 'https://a.example/path', 'https://A.example/'] },
      [
        { path: ['allowedOrigins', 1], code: 'invalid_origin' },
        { path: ['allowedOrigins', 2], code: 'duplicate_origin' },
      ],
    ],
    [
      'a protocol-relative redirect',
      { redirectUrl: '//evil.example' },
      [{ path: ['redirectUrl'], code: 'invalid_redirect' }],
    ],
    [
      'Turnstile without a site key',
      { turnstileEnabled: true, turnstileSiteKey: ' ' },
      [{ path: ['turnstileSiteKey'], code: 'site_key_required' }],
    ],
    [
      'a per-IP limit above the per-form limit',
      { rateLimitPerIp: 700, rateLimitPerForm: 600 },
      [{ path: ['rateLimitPerIp'], code: 'rate_limit_order' }],
    ],
  ])('%s', (_what, change, issues) => {
    expect(formSettingsIssues({ ...ok, ...change })).toEqual(issues);
  });

  it('accepts Turnstile with a key, a path redirect and a wildcard origin', () => {
    expect(
      formSettingsIssues({
        ...ok,
        turnstileEnabled: true,
        turnstileSiteKey: '0x4AAAAAAA',
        redirectUrl: '/thanks',
        allowedOrigins: ['*', 'https://www.example.com'],
      }),
    ).toEqual([]);
  });
});

describe('sharedOriginIssues', () => {
  it('refuses what a form refuses, and the wildcard', () => {
    expect(sharedOriginIssues(['https://a.example', 'http://localhost:3000'])).toEqual([]);
    expect(
      sharedOriginIssues([
        '*',
        'http://a.example',
        'https://a.example/path',
        'https://b.example',
        'https://B.example',
      ]),
    ).toEqual([
      { path: ['allowedOrigins', 0], code: 'invalid_origin' },
      { path: ['allowedOrigins', 1], code: 'invalid_origin' },
      { path: ['allowedOrigins', 2], code: 'invalid_origin' },
      { path: ['allowedOrigins', 4], code: 'duplicate_origin' },
    ]);
  });
});
