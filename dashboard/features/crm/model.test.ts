import { describe, expect, it } from 'vitest';
import { OPPORTUNITY_STAGES, personName, stageKey } from './model';

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
