import { describe, expect, it } from 'vitest';
import { checkMapping, guessMapping, guessTarget, mapRow, splitFullName } from './import-mapping';

describe('guessTarget', () => {
  it.each([
    ['First Name', 'firstName'],
    ['FirstName', 'firstName'],
    ['first_name', 'firstName'],
    ['Last Name', 'lastName'],
    ['LastName', 'lastName'],
    ['Email', 'email'],
    ['E-Mail-Adresse', 'email'],
    ['Phone Number', 'phone'],
    ['Mobile Phone Number', 'phone'],
    ['Company Name', 'company'],
    ['Job Title', 'title'],
    ['Lead Source', 'source'],
    ['LeadSource', 'source'],
    ['Lead Status', 'custom'],
    ['Person - Name', 'fullName'],
    ['Person - Email', 'email'],
    ['Organization - Name', 'company'],
    ['Organization - Address', 'custom'],
    ['Vorname', 'firstName'],
    ['Nachname', 'lastName'],
    ['Firma', 'company'],
    ['Telefon', 'phone'],
    ['Jméno', 'firstName'],
    ['Příjmení', 'lastName'],
    ['Společnost', 'company'],
    ["Ім'я", 'firstName'],
    ['Ім’я', 'firstName'],
    ['Прізвище', 'lastName'],
    ['Компанія', 'company'],
    ['Посада', 'title'],
    ['Shoe size', 'custom'],
  ])('%s → %s', (header, target) => {
    expect(guessTarget(header)).toBe(target);
  });
});

describe('guessMapping', () => {
  it('takes each field once and keeps a full name as custom when there is a last name', () => {
    expect(guessMapping(['Name', 'Nachname', 'Email', 'Mail'])).toEqual({
      Name: 'custom',
      Nachname: 'lastName',
      Email: 'email',
      Mail: 'custom',
    });
  });
});

describe('checkMapping', () => {
  it('requires a last name or a full name', () => {
    expect(checkMapping(['Email'], { Email: 'email' })).toEqual([
      {
        pointer: '/mapping',
        code: 'last-name-required',
        detail: 'Map a column to the last name (or to the full name).',
      },
    ]);
    expect(checkMapping(['Name'], { Name: 'fullName' })).toEqual([]);
  });

  it('names unknown columns and fields mapped twice', () => {
    expect(
      checkMapping(['A', 'B'], { A: 'lastName', B: 'lastName', C: 'email' }).map((e) => [e.pointer, e.code]),
    ).toEqual([
      ['/mapping/C', 'unknown-column'],
      ['/mapping/B', 'duplicate-target'],
    ]);
  });
});

describe('mapRow', () => {
  const headers = ['Person - Name', 'Email', 'Employees', 'Shoe', 'Fax', 'Tags'];
  const mapping = {
    'Person - Name': 'fullName',
    Email: 'email',
    Employees: 'employees',
    Shoe: 'custom',
    Fax: 'ignore',
    Tags: 'tags',
  } as const;

  it('builds the RawLead, splitting the full name and keeping custom columns', () => {
    expect(
      mapRow(
        headers,
        ['Jana Marie Nováková', 'jana@example.cz', '1.200', '38', '123', 'VIP; Expo 2026'],
        mapping,
      ),
    ).toEqual({
      ok: true,
      lead: {
        firstName: 'Jana Marie',
        lastName: 'Nováková',
        email: 'jana@example.cz',
        phone: null,
        company: null,
        title: null,
        industry: null,
        employees: 1200,
        country: null,
        region: null,
        city: null,
        description: null,
        custom: { Shoe: '38' },
      },
      source: null,
      campaign: null,
      tags: ['VIP', 'Expo 2026'],
    });
  });

  it.each([
    [['', 'x@example.cz', '', '', '', ''], 'last-name-missing'],
    [['Jana Nováková', 'not-an-email', '', '', '', ''], 'email-invalid'],
  ])('reports an invalid row %#', (cells, reason) => {
    expect(mapRow(headers, cells, mapping)).toEqual({ ok: false, reason });
  });

  it.each([
    ['Nováková, Jana', { firstName: 'Jana', lastName: 'Nováková' }],
    ['Müller', { firstName: null, lastName: 'Müller' }],
  ])('splits %s', (full, expected) => {
    expect(splitFullName(full)).toEqual(expected);
  });
});
