import { describe, expect, it } from 'vitest';
import { personEmail } from './people';
import { decideSsoSignIn, domainOf, isIssuerUrl, type SsoPerson, ssoDomain } from './sso';

describe('ssoDomain', () => {
  it.each([
    ['acme.cz', 'acme.cz'],
    [' ACME.Example ', 'acme.example'],
    ['@acme.cz', 'acme.cz'],
    ['škoda.cz', 'xn--koda-f6a.cz'],
    ['xn--koda-f6a.cz', 'xn--koda-f6a.cz'],
    ['sub.acme.co.uk', 'sub.acme.co.uk'],
    ['jana@acme.cz', null],
    ['localhost', null],
    ['acme..cz', null],
    ['-acme.cz', null],
    ['', null],
    ['acme.cz/path', null],
  ])('%j → %j', (raw, expected) => {
    expect(ssoDomain(raw)).toBe(expected);
  });
});

describe('ssoDomain and personEmail agree on the domain of an address', () => {
  it.each(['jana@Škoda.CZ', 'jana@xn--koda-f6a.cz', 'J@ACME.example', 'j@bücher.de', 'j@sub.acme.co.uk'])(
    '%s',
    (raw) => {
      const email = personEmail(raw)!;
      expect(ssoDomain(raw.slice(raw.indexOf('@') + 1))).toBe(domainOf(email));
    },
  );
});

describe('isIssuerUrl', () => {
  it.each([
    ['https://accounts.google.com', true],
    ['https://login.microsoftonline.com/tenant-id/v2.0', true],
    ['http://127.0.0.1:4000', true],
    ['http://localhost:4000/realms/x', true],
    ['http://idp.example.com', false],
    ['https://idp.example.com/?tenant=x', false],
    ['https://idp.example.com/#x', false],
    ['https://user:pw@idp.example.com', false],
    ['ftp://idp.example.com', false],
    ['not a url', false],
  ])('%s → %s', (raw, expected) => {
    expect(isIssuerUrl(raw)).toBe(expected);
  });
});

describe('decideSsoSignIn', () => {
  const nobody: SsoPerson = { membership: null, invitationRole: null };
  const base = {
    email: 'jana@acme.cz' as string | null,
    emailVerified: true as boolean | null,
    allowedDomains: ['acme.cz'],
    newPeople: 'member' as const,
    person: nobody,
  };
  it.each([
    [
      'a new person at an allowed domain joins with the role',
      {},
      { outcome: 'join', role: 'member', via: 'domain' },
    ],
    [
      'an unstated verification is refused',
      { emailVerified: null },
      { outcome: 'refused', refusal: 'email-unverified' },
    ],
    ['no address', { email: null }, { outcome: 'refused', refusal: 'email-missing' }],
    ['an unverified address', { emailVerified: false }, { outcome: 'refused', refusal: 'email-unverified' }],
    ['another domain', { email: 'jana@evil.cz' }, { outcome: 'refused', refusal: 'domain-not-allowed' }],
    [
      'a subdomain is another domain',
      { email: 'jana@x.acme.cz' },
      { outcome: 'refused', refusal: 'domain-not-allowed' },
    ],
    [
      'an active member',
      { person: { membership: { status: 'active' }, invitationRole: null } },
      { outcome: 'member' },
    ],
    [
      'a deactivated member',
      { person: { membership: { status: 'deactivated' }, invitationRole: 'admin' } },
      { outcome: 'refused', refusal: 'member-deactivated' },
    ],
    [
      'invitation required, none',
      { newPeople: 'invitation' },
      { outcome: 'refused', refusal: 'invitation-required' },
    ],
    [
      'invitation required, one open',
      { newPeople: 'invitation', person: { membership: null, invitationRole: 'viewer' } },
      { outcome: 'join', role: 'viewer', via: 'invitation' },
    ],
    [
      'an open invitation decides the role',
      { person: { membership: null, invitationRole: 'admin' } },
      { outcome: 'join', role: 'admin', via: 'invitation' },
    ],
    [
      'the domain check comes first, even for a member',
      { email: 'jana@evil.cz', person: { membership: { status: 'active' }, invitationRole: null } },
      { outcome: 'refused', refusal: 'domain-not-allowed' },
    ],
  ] as const)('%s', (_name, change, expected) => {
    expect(decideSsoSignIn({ ...base, ...change } as Parameters<typeof decideSsoSignIn>[0])).toEqual(
      expected,
    );
  });
});
