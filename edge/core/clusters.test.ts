import { describe, expect, it } from 'vitest';
import { clusterPairs, pairsOfGroups, pairsWithin, strongestPairs } from './clusters';

describe('clusterPairs', () => {
  it('joins chains into one cluster with the strongest rule and best score', () => {
    const clusters = clusterPairs([
      { a: 'a', b: 'b', rule: 'name-company-fuzzy', score: 0.9 },
      { a: 'b', b: 'c', rule: 'phone-exact', score: 1 },
      { a: 'x', b: 'y', rule: 'name-company-fuzzy', score: 0.87 },
    ]);
    expect(clusters).toEqual([
      {
        members: ['a', 'b', 'c'],
        rule: 'phone-exact',
        score: 1,
        matches: {
          a: { with: 'b', rule: 'name-company-fuzzy', score: 0.9 },
          b: { with: 'c', rule: 'phone-exact', score: 1 },
          c: { with: 'b', rule: 'phone-exact', score: 1 },
        },
      },
      {
        members: ['x', 'y'],
        rule: 'name-company-fuzzy',
        score: 0.87,
        matches: {
          x: { with: 'y', rule: 'name-company-fuzzy', score: 0.87 },
          y: { with: 'x', rule: 'name-company-fuzzy', score: 0.87 },
        },
      },
    ]);
  });

  it('explains each member by its strongest pair: a stronger rule, then a higher score, then the smaller id', () => {
    const [cluster] = clusterPairs([
      { a: 'a', b: 'd', rule: 'name-company-fuzzy', score: 0.9 },
      { a: 'a', b: 'c', rule: 'name-company-fuzzy', score: 0.95 },
      { a: 'b', b: 'd', rule: 'name-company-fuzzy', score: 0.9 },
      { a: 'c', b: 'd', rule: 'email-exact', score: 1 },
    ]);
    expect(cluster!.matches).toEqual({
      a: { with: 'c', rule: 'name-company-fuzzy', score: 0.95 },
      b: { with: 'd', rule: 'name-company-fuzzy', score: 0.9 },
      c: { with: 'd', rule: 'email-exact', score: 1 },
      d: { with: 'c', rule: 'email-exact', score: 1 },
    });
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

describe('pairsOfGroups', () => {
  const person = (firstName: string, lastName: string, companyKey = 'acme') => ({
    firstName,
    lastName,
    companyKey,
  });
  it('pairs every member of an exact group, and only the confirmed pairs of a fuzzy block', () => {
    expect(
      pairsOfGroups([
        { rule: 'phone-exact', ids: ['p2', 'p1'] },
        {
          rule: 'name-company-fuzzy',
          ids: ['f3', 'f1', 'f2'],
          people: [person('Jan', 'Novak'), person('Jan', 'Novák'), person('Jan', 'Kowalczykowa')],
        },
      ]),
    ).toEqual([
      { a: 'p1', b: 'p2', rule: 'phone-exact', score: 1 },
      { a: 'f1', b: 'f3', rule: 'name-company-fuzzy', score: 1 },
    ]);
  });

  it('scores a fuzzy pair by core’s rule, folded', () => {
    const [pair] = pairsOfGroups([
      {
        rule: 'name-company-fuzzy',
        ids: ['a', 'b'],
        people: [person('Jana', 'Nováková', 'skoda digital'), person('Jana', 'Novákova', 'skoda digitall')],
      },
    ]);
    expect(pair).toEqual({ a: 'a', b: 'b', rule: 'name-company-fuzzy', score: 0.967 });
  });
});

describe('strongestPairs', () => {
  it('keeps one entry per pair with its strongest rule, and leaves dismissed pairs out', () => {
    expect(
      strongestPairs(
        [
          { a: 'a', b: 'b', rule: 'name-company-fuzzy', score: 0.9 },
          { a: 'a', b: 'b', rule: 'phone-exact', score: 1 },
          { a: 'a', b: 'c', rule: 'name-company-fuzzy', score: 0.86 },
          { a: 'a', b: 'c', rule: 'name-company-fuzzy', score: 0.92 },
          { a: 'b', b: 'c', rule: 'email-exact', score: 1 },
        ],
        new Set(['b c']),
      ),
    ).toEqual([
      { a: 'a', b: 'b', rule: 'phone-exact', score: 1 },
      { a: 'a', b: 'c', rule: 'name-company-fuzzy', score: 0.92 },
    ]);
  });
});
