import { describe, expect, it } from 'vitest';
import { confirmFoldedMatch, confirmFuzzyMatch, levenshtein, similarity } from './dedupe';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['Nováková', 'Novakova', 2],
    ['🚀a', '🚀b', 1], // code points, not UTF-16 units
  ])('%s ↔ %s = %d', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });
});

describe('similarity', () => {
  it.each([
    ['Nováková', 'novakova', 1],
    ['abcd', 'abcf', 0.75],
    ['', '', 1],
  ])('%s ~ %s = %d', (a, b, s) => {
    expect(similarity(a, b)).toBeCloseTo(s, 5);
  });
});

describe('confirmFuzzyMatch', () => {
  const jana = { firstName: 'Jana', lastName: 'Nováková', companyKey: 'skoda digital' };
  it.each([
    [
      'same person, accents differ',
      { firstName: 'Jana', lastName: 'Novakova', companyKey: 'skoda digital' },
      1,
    ],
    [
      'typo in the last name',
      { firstName: 'Jana', lastName: 'Novákova', companyKey: 'skoda digitall' },
      0.967,
    ], // 1 − 1/30 once folded,
    [
      'another person, same company',
      { firstName: 'Petr', lastName: 'Dvořák', companyKey: 'skoda digital' },
      null,
    ],
    ['same name, other company', { firstName: 'Jana', lastName: 'Nováková', companyKey: 'acme' }, null],
    ['no company on one side', { firstName: 'Jana', lastName: 'Nováková', companyKey: null }, null],
  ])('%s', (_name, candidate, expected) => {
    expect(confirmFuzzyMatch(jana, candidate)).toBe(expected);
  });
});

describe('confirmFoldedMatch', () => {
  it.each([
    ['jan novak | acme', 'jan novak | acme', 1],
    ['jan novak | acme', 'jan nowak | acme', 0.938],
    // lengths 16 and 20: at least 4 edits, 75 % at best — ruled out without comparing
    ['jan novak | acme', 'jan novakova | acmex', null],
    ['🚀 novak | acme', '🚀 nowak | acme', 0.929], // 1 − 1/14: code points, not UTF-16 units
  ])('%s ~ %s', (a, b, expected) => {
    expect(confirmFoldedMatch(a, b)).toBe(expected);
  });
});
