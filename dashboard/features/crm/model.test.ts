import { describe, expect, it } from 'vitest';
import { OPPORTUNITY_STAGES, parseAmount, personName, stageKey } from './model';

describe('parseAmount', () => {
  it.each([
    ['0', 0],
    ['12500.5', 12500.5],
    ['12 500,50', 12500.5],
    ['-1', null],
    ['1.234', null],
    ['abc', null],
    ['', null],
    ['1000000000000', null],
  ])('%s → %s', (text, value) => expect(parseAmount(text)).toBe(value));
});

describe('stageKey', () => {
  it('names every stage', () => {
    expect(new Set(OPPORTUNITY_STAGES.map(stageKey)).size).toBe(OPPORTUNITY_STAGES.length);
  });
});

describe('personName', () => {
  it.each([
    [{ firstName: 'Jane', lastName: 'Doe' }, 'Jane Doe'],
    [{ firstName: null, lastName: 'Doe' }, 'Doe'],
  ])('%o → %s', (p, name) => expect(personName(p)).toBe(name));
});
