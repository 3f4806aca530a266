import { describe, expect, it } from 'vitest';
import { escapeLike, onlyWordStarts, planSearch, type SearchPlan } from './search';

describe('planSearch', () => {
  it.each<[string, SearchPlan]>([
    ['Jan.Novak@Example.CZ', { kind: 'email', email: 'jan.novak@example.cz' }],
    ['  ivan@приклад.укр ', { kind: 'email', email: 'ivan@xn--80aikifvh.xn--j1amh' }],
    ['+420 601 123 456', { kind: 'phone', phone: '+420 601 123 456' }],
    ['(030) 123-4567', { kind: 'phone', phone: '(030) 123-4567' }],
    ['Novák', { kind: 'text', terms: [{ text: 'novak', match: 'substring' }] }],
    [
      'ŠKODA  Auto',
      {
        kind: 'text',
        terms: [
          { text: 'skoda', match: 'substring' },
          { text: 'auto', match: 'substring' },
        ],
      },
    ],
    ['Олександр', { kind: 'text', terms: [{ text: 'олександр', match: 'substring' }] }],
    ['Й', { kind: 'too-short' }],
    ['Wu', { kind: 'text', terms: [{ text: 'wu', match: 'word-prefix' }] }],
    [
      'Jan N',
      {
        kind: 'text',
        terms: [
          { text: 'jan', match: 'substring' },
          { text: 'n', match: 'word-prefix' },
        ],
      },
    ],
    ['a b', { kind: 'too-short' }],
    ['   ', { kind: 'too-short' }],
    ['jan@', { kind: 'text', terms: [{ text: 'jan@', match: 'substring' }] }],
    ['12345', { kind: 'text', terms: [{ text: '12345', match: 'substring' }] }],
    ['50%_off', { kind: 'text', terms: [{ text: '50%_off', match: 'substring' }] }],
    ['novak novak', { kind: 'text', terms: [{ text: 'novak', match: 'substring' }] }],
  ])('%j', (q, plan) => {
    expect(planSearch(q)).toEqual(plan);
  });

  it('ignores words beyond the sixth', () => {
    const plan = planSearch('aaa bbb ccc ddd eee fff ggg hhh');
    expect(plan.kind === 'text' && plan.terms.map((t) => t.text)).toEqual([
      'aaa',
      'bbb',
      'ccc',
      'ddd',
      'eee',
      'fff',
    ]);
  });
});

describe('escapeLike', () => {
  it.each([
    ['plain', 'plain'],
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
  ])('%s → %s', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
  });
});

describe('onlyWordStarts', () => {
  it.each<[string, boolean]>([
    ['gm', true],
    ['Li Wu', true],
    ['Jan N', false],
    ['novak', false],
    ['+420 601 123 456', false],
    ['jan@example.cz', false],
    ['a', false],
  ])('%s → %s', (q, expected) => {
    expect(onlyWordStarts(planSearch(q))).toBe(expected);
  });
});
