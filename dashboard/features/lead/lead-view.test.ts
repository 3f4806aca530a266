import { describe, expect, it } from 'vitest';
import { breakdownText, confirmsName, readOnlyReason, ruleKey, stageProgress } from './lead-view';

describe('breakdownText', () => {
  it('joins the rules and ends with the total', () => {
    const items = [
      { rule: 'industry', points: 15 },
      { rule: 'title-director', points: 15 },
      { rule: 'employees-large', points: 10 },
      { rule: 'aging', points: -5 },
    ];
    expect(breakdownText(items, 35, (r) => r)).toBe(
      'industry +15 · title-director +15 · employees-large +10 · aging −5 = 35/100',
    );
  });
});

describe('ruleKey', () => {
  it.each([
    ['industry', 'score.rule.industry'],
    ['title-manager', 'score.rule.title'],
    ['employees-mid', 'score.rule.companySize'],
    ['unknown-rule', null],
    ['toString', null],
  ])('%s → %s', (rule, key) => {
    expect(ruleKey(rule)).toBe(key);
  });
});

describe('stageProgress', () => {
  it.each([
    ['NEW', ['current', 'todo', 'todo']],
    ['CONTACTED', ['done', 'current', 'todo']],
    ['QUALIFIED', ['done', 'done', 'current']],
    ['LOST', ['todo', 'todo', 'todo', 'current']],
  ] as const)('%s', (status, states) => {
    expect(stageProgress(status).map((s) => s.state)).toEqual(states);
  });
});

describe('readOnlyReason', () => {
  it.each([
    [null, null, 'lead.readOnly.viewer'],
    [{ role: 'viewer', userId: 'u1' }, 'u1', 'lead.readOnly.viewer'],
    [{ role: 'member', userId: 'u1' }, 'u1', null],
    [{ role: 'member', userId: 'u1' }, 'u2', 'lead.readOnly.notYours'],
    [{ role: 'member', userId: 'u1' }, null, 'lead.readOnly.notYours'],
    [{ role: 'admin', userId: 'u1' }, 'u2', null],
    [{ role: 'owner', userId: 'u1' }, null, null],
  ] as const)('%o on a lead of %s', (session, assignee, expected) => {
    expect(readOnlyReason(session, assignee)).toBe(expected);
  });
});

describe('confirmsName', () => {
  it.each([
    ['Jana Nováková', 'Jana Nováková', true],
    ['  jana   NOVÁKOVÁ ', 'Jana Nováková', true],
    ['Jana Nova\u0301kova\u0301', 'Jana Nováková', true],
    ['Jana', 'Jana Nováková', false],
    ['Jana Novakova', 'Jana Nováková', false],
    ['', '', false],
    ['   ', 'Jana Nováková', false],
  ])('%j confirms %j: %s', (typed, name, expected) => {
    expect(confirmsName(typed, name)).toBe(expected);
  });
});
