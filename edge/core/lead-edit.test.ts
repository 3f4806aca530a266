import { describe, expect, it } from 'vitest';
import { type EditableLead, type LeadEdit, planLeadEdit } from './lead-edit';

const LEAD: EditableLead = {
  firstName: 'Jan',
  lastName: 'Novák',
  title: 'Engineer',
  company: 'Acme s.r.o.',
  industry: null,
  employees: 20,
  country: 'CZ',
  region: null,
  city: 'Brno',
  source: 'Website Form',
  campaign: null,
  referredBy: null,
  description: null,
  custom: { plan: 'pro' },
};

describe('planLeadEdit', () => {
  it.each<[string, LeadEdit, Record<string, { from: unknown; to: unknown }>, boolean]>([
    ['nothing sent', {}, {}, false],
    ['the same values, differently spaced', { firstName: ' Jan ', city: 'Brno' }, {}, false],
    ['a title', { title: 'CTO' }, { title: { from: 'Engineer', to: 'CTO' } }, true],
    ['clearing with null', { city: null }, { city: { from: 'Brno', to: null } }, false],
    ['clearing with blank text', { campaign: null, city: '  ' }, { city: { from: 'Brno', to: null } }, false],
    ['a country name', { country: 'Germany' }, { country: { from: 'CZ', to: 'DE' } }, true],
    ['employees', { employees: 250 }, { employees: { from: 20, to: 250 } }, true],
    ['a blank last name is ignored', { lastName: '   ' }, {}, false],
    ['custom fields, blanks dropped', { custom: { plan: 'pro', seats: ' ' } }, {}, false],
    [
      'custom fields replaced',
      { custom: { seats: '5' } },
      { custom: { from: { plan: 'pro' }, to: { seats: '5' } } },
      false,
    ],
    [
      'a description keeps its lines',
      { description: ' Call back\nafter 5 ' },
      { description: { from: null, to: 'Call back\nafter 5' } },
      false,
    ],
  ])('%s', (_name, edit, changes, refit) => {
    const plan = planLeadEdit(LEAD, edit);
    expect(plan.changes).toEqual(changes);
    expect(plan.refit).toBe(refit);
  });

  it('recomputes the search text and match keys when a name or the company changes', () => {
    expect(planLeadEdit(LEAD, { lastName: 'Dvořák', company: 'Škoda Auto a.s.' }).set).toEqual({
      lastName: 'Dvořák',
      company: 'Škoda Auto a.s.',
      searchText: 'jan dvorak skoda auto a.s.',
      companyKey: 'skoda auto',
      lastNameKey: 'dvorak',
    });
  });

  it('leaves the keys alone for other fields', () => {
    expect(planLeadEdit(LEAD, { city: 'Praha' }).set).toEqual({ city: 'Praha' });
  });
});
