import { describe, expect, it } from 'vitest';
import { checkConvertible, isClosedStage, opportunityDescription, opportunityName } from './convert-plan';

describe('opportunityName', () => {
  it.each([
    [{ firstName: 'John', lastName: 'Doe', company: 'Acme Corp' }, 'Acme Corp - John Doe'],
    [{ firstName: null, lastName: 'Doe', company: 'Acme' }, 'Acme - Doe'],
    [{ firstName: '  ', lastName: 'Doe', company: ' Acme ' }, 'Acme - Doe'],
  ])('%o → %s', (lead, name) => expect(opportunityName(lead)).toBe(name));
});

describe('checkConvertible', () => {
  const lead = { status: 'QUALIFIED', firstName: 'A', lastName: 'B', company: 'Acme' };
  it.each([
    [lead, true, { ok: true }],
    [{ ...lead, status: 'NEW' }, true, { ok: false, refusal: 'not-qualified', status: 'NEW' }],
    [{ ...lead, company: null }, true, { ok: false, refusal: 'missing-fields', fields: ['company'] }],
    [{ ...lead, company: ' ' }, true, { ok: false, refusal: 'missing-fields', fields: ['company'] }],
    [{ ...lead, company: null }, false, { ok: true }],
  ])('%o createsAccount=%s', (l, creates, result) => expect(checkConvertible(l, creates)).toEqual(result));
});

describe('opportunityDescription', () => {
  it.each([
    [null, [], null],
    ['Wants a demo', [], 'Wants a demo'],
    ['Wants a demo', ['Called', ' '], 'Wants a demo\n\nCalled'],
    [null, ['a', 'b'], 'a\n\nb'],
  ])('%s + %o', (d, notes, out) => expect(opportunityDescription(d, notes)).toBe(out));

  it('caps a long history', () => {
    expect(opportunityDescription('x'.repeat(20_000), [])).toHaveLength(10_000);
  });
});

describe('isClosedStage', () => {
  it.each([
    ['Closed Won', true],
    ['Closed Lost', true],
    ['Proposal', false],
  ] as const)('%s → %s', (s, closed) => expect(isClosedStage(s)).toBe(closed));
});
