import { describe, expect, it } from 'vitest';
import { newCustomAttributes, planFill } from './fill-plan';

describe('planFill', () => {
  it.each([
    ['fills an empty field', { title: null }, { title: 'CTO' }, { title: 'CTO' }, ['title'], []],
    [
      'keeps an existing value and reports the conflict',
      { title: 'CTO' },
      { title: 'Engineer' },
      {},
      [],
      [{ field: 'title', kept: 'CTO', submitted: 'Engineer' }],
    ],
    ['ignores an equal value', { title: 'CTO' }, { title: 'CTO' }, {}, [], []],
    ['ignores an absent value', { title: 'CTO' }, {}, {}, [], []],
  ])('%s', (_name, known, incoming, patch, filled, conflicts) => {
    expect(planFill(known as Record<string, unknown>, incoming, ['title'])).toEqual({
      patch,
      filled,
      conflicts,
    });
  });

  it('does not report conflicts on quiet fields (derived keys)', () => {
    expect(
      planFill({ companyKey: 'a' }, { companyKey: 'b' }, ['companyKey'], ['companyKey']).conflicts,
    ).toEqual([]);
  });
});

describe('newCustomAttributes', () => {
  it('keeps only keys the known lead lacks', () => {
    expect(newCustomAttributes({ a: '1' }, { a: '2', b: '3' })).toEqual({ b: '3' });
  });
});
