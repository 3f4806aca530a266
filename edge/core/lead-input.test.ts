import { describe, expect, it } from 'vitest';
import { leadPhone, normalizeLead, submissionIssues } from './lead-input';

describe('normalizeLead', () => {
  it('gives the same lead whatever the channel formatting', () => {
    const fromForm = normalizeLead(
      {
        firstName: ' Jana ',
        lastName: 'Nováková',
        email: 'JANA@EXAMPLE.CZ',
        phone: '601 123 456',
        company: 'Škoda Digital a.s.',
      },
      'CZ',
    );
    const fromCsv = normalizeLead(
      {
        firstName: 'Jana',
        lastName: 'Nova\u0301kova\u0301',
        email: 'jana@example.cz ',
        phone: '+420601123456',
        company: 'Škoda  Digital a.s.',
      },
      'US',
    );
    expect(fromCsv).toEqual(fromForm);
    expect(fromForm).toEqual({
      firstName: 'Jana',
      lastName: 'Nováková',
      email: 'jana@example.cz',
      phone: '+420601123456',
      phoneValid: true,
      company: 'Škoda Digital a.s.',
      companyKey: 'skoda digital',
      lastNameKey: 'novakova',
      title: null,
      industry: null,
      employees: null,
      country: null,
      region: null,
      city: null,
      description: null,
      searchText: 'jana novakova skoda digital a.s.',
      custom: {},
    });
  });

  it('uses the lead country for the phone, keeps unparseable phones flagged, drops empty custom values', () => {
    const lead = normalizeLead(
      {
        lastName: 'Müller',
        phone: '030 123456',
        country: 'Germany',
        custom: { utm: ' spring ', empty: '  ' },
      },
      'CZ',
    );
    expect(lead).toMatchObject({
      country: 'DE',
      phone: '+4930123456',
      phoneValid: true,
      custom: { utm: 'spring' },
    });
    expect(normalizeLead({ lastName: 'X', phone: 'ext. 12' }, 'CZ')).toMatchObject({
      phone: 'ext. 12',
      phoneValid: false,
    });
  });
});

describe('leadPhone: the one phone rule of every channel', () => {
  it.each([
    ['601 123 456', null, '+420601123456'],
    ['030 123456', 'Germany', '+4930123456'],
    ['030 123456', 'de', '+4930123456'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['\u00a0+380 44 123 4567\u0000 ', null, '+380441234567'],
  ])('%j (country %s) → %s, valid', (phone, country, expected) => {
    expect(leadPhone({ phone, country }, 'CZ')).toEqual({
      valid: true,
      phone: expected,
      country: expect.any(String),
    });
  });

  it.each([
    ['call me maybe', 'call me maybe'],
    ['  call   me\tmaybe ', 'call me maybe'],
    ['12', '12'],
    ['+999 123', '+999 123'],
  ])('keeps %j as entered (%j) and flags it', (phone, kept) => {
    expect(leadPhone({ phone, country: 'CZ' }, 'CZ')).toEqual({ valid: false, phone: kept });
  });

  it.each([null, undefined, '', '   ', '\u0000'])('%j is no phone at all', (phone) => {
    expect(leadPhone({ phone }, 'CZ')).toBeNull();
  });

  it('is what normalizeLead stores', () => {
    for (const phone of ['601 123 456', 'call me maybe', ' '])
      expect(normalizeLead({ lastName: 'X', phone }, 'CZ')).toMatchObject({
        phone: leadPhone({ phone }, 'CZ')?.phone ?? null,
        phoneValid: leadPhone({ phone }, 'CZ')?.valid ?? null,
      });
  });
});

describe('submissionIssues', () => {
  const strict = [
    { name: 'lastName', required: true },
    { name: 'phone', required: false, mustBeValid: true },
  ];
  const lenient = [
    { name: 'lastName', required: true },
    { name: 'phone', required: false },
  ];

  it.each([
    [strict, 'call me maybe', [{ field: 'phone', code: 'invalid_phone' }]],
    [strict, '601 123 456', []],
    [strict, undefined, []],
    [lenient, 'call me maybe', []],
  ])('%#: phone %j', (fields, phone, issues) => {
    expect(submissionIssues(fields, { lastName: 'X', phone }, 'CZ')).toEqual(issues);
  });

  it('reads the number by the lead’s own country', () => {
    expect(submissionIssues(strict, { lastName: 'X', phone: '030 123456', country: 'DE' }, 'US')).toEqual([]);
  });
});
