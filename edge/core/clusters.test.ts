import { describe, expect, it } from 'vitest';
import { clusterPairs, pairsWithin } from './clusters';

describe('clusterPairs', () => {
  it('joins chains into one cluster with the strongest rule and best score', () => {
    const clusters = clusterPairs([
      { a: 'a', b: 'b', rule: 'name-company-fuzzy', score: 0.9 },
      { a: 'b', b: 'c', rule: 'phone-exact', score: 1 },
      { a: 'x', b: 'y', rule: 'name-company-fuzzy', score: 0.87 },
    ]);
    expect(clusters).toEqual([
      { members: ['a', 'b', 'c'], rule: 'phone-exact', score: 1 },
      { members: ['x', 'y'], rule: 'name-company-fuzzy', score: 0.87 },
    ]);
  });

  it('gives nothing for no pairs', () => {
    expect(clusterPairs([])).toEqual([]);
  });
});

describe('pairsWithin', () => {
  it('lists each unordered pair once, smaller id first', () => {
    expect(pairsWithin(['c', 'a', 'b'])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });
});
