import type { RoutingRuleInput } from '@contract/admin';
import { describe, expect, it } from 'vitest';
import { formOf, ruleOf } from './rule-form';

describe('rule form', () => {
  it.each<[string, RoutingRuleInput]>([
    [
      'an empty condition to a user',
      { name: 'All', enabled: true, condition: {}, action: { type: 'user', userId: 'u1' } },
    ],
    [
      'every part, to a load-aware team',
      {
        name: 'Big DACH',
        enabled: false,
        condition: {
          sources: ['Webinar', 'Ads'],
          formIds: ['frm_1'],
          campaigns: ['Spring'],
          countries: ['DE', 'AT'],
          regions: ['Bayern'],
          minScore: 50,
          maxScore: 90,
          attributes: [{ key: 'plan', values: ['pro', 'enterprise'] }],
          businessHours: { days: [1, 2, 3], start: '08:00', end: '16:30' },
        },
        action: { type: 'team', team: 'Inbound', seniorOnly: true, maxOpenLeads: 25 },
      },
    ],
    [
      'a weighted rotation',
      {
        name: 'W',
        enabled: true,
        condition: { minScore: 0 },
        action: {
          type: 'weighted',
          members: [
            { userId: 'u1', weight: 3 },
            { userId: 'u2', weight: 1 },
          ],
        },
      },
    ],
  ])('round-trips %s', (_what, rule) => {
    expect(ruleOf(formOf(rule))).toEqual(rule);
  });

  it('leaves out empty parts and people with no weight, and keeps the id', () => {
    const form = {
      ...formOf({ name: ' R ', enabled: true, condition: {}, action: { type: 'user', userId: 'u' } }),
    };
    form.sources = ' , ';
    form.target = 'weighted';
    form.weights = { u1: '2', u2: '', u3: '0' };
    expect(ruleOf(form, 'rr_1')).toEqual({
      id: 'rr_1',
      name: 'R',
      enabled: true,
      condition: {},
      action: { type: 'weighted', members: [{ userId: 'u1', weight: 2 }] },
    });
  });
});
