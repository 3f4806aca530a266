import { describe, expect, it } from 'vitest';
import { normalizeLead } from './lead-input';

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
