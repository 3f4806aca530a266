import { describe, expect, it } from 'vitest';
import { canManageRole, isCountry, isTimeZone, losesLastOwner, personEmail, slugOf } from './people';

describe('personEmail', () => {
  it.each([
    ['Jana.Novak@Example.COM', 'jana.novak@example.com'],
    ['  jana@example.com ', 'jana@example.com'],
    // NFD (e + combining acute) and NFC are one person
    ['jose\u0301@example.com', 'jos\u00e9@example.com'],
    ['JOS\u00c9@example.com', 'jos\u00e9@example.com'],
    ['ivan@пример.рф', 'ivan@xn--e1afmkfd.xn--p1ai'],
    ['not an email', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(personEmail(raw)).toBe(expected);
  });
});

describe('isTimeZone / isCountry', () => {
  it.each([
    ['Europe/Prague', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('time zone %j → %s', (value, ok) => expect(isTimeZone(value)).toBe(ok));

  it.each([
    ['CZ', true],
    ['US', true],
    ['cz', false],
    ['XX', false],
    ['CZE', false],
  ])('country %j → %s', (value, ok) => expect(isCountry(value)).toBe(ok));
});

describe('slugOf', () => {
  it.each([
    ['Acme s.r.o.', 'acme-s-r-o'],
    ['Žluťoučký kůň', 'zlutoucky-kun'],
    ['Рога и копыта', 'org'],
    ['🚀', 'org'],
  ])('%j → %j', (name, slug) => expect(slugOf(name)).toBe(slug));
});

describe('canManageRole', () => {
  it.each([
    ['owner', 'owner', undefined, true],
    ['admin', 'owner', undefined, false],
    ['admin', 'admin', 'member', true],
    ['admin', 'member', 'owner', false],
    ['member', 'viewer', undefined, false],
    ['viewer', 'viewer', undefined, false],
  ] as const)('%s gives %s (now %s) → %s', (caller, role, current, ok) => {
    expect(canManageRole(caller, role, current)).toBe(ok);
  });
});

describe('losesLastOwner', () => {
  const owner = { role: 'owner', active: true } as const;
  it.each([
    [1, owner, { role: 'admin', active: true }, true],
    [1, owner, { role: 'owner', active: false }, true],
    [2, owner, { role: 'admin', active: true }, false],
    [1, owner, { role: 'owner', active: true }, false],
    [1, { role: 'admin', active: true }, { role: 'viewer', active: true }, false],
  ] as const)('%i active owners: %j → %j loses the last: %s', (n, member, next, loses) => {
    expect(losesLastOwner(n, member, next)).toBe(loses);
  });
});
