import { describe, expect, it } from 'vitest';
import {
  ACCESS_FILTER,
  accessSummary,
  auditParams,
  changeLines,
  EMPTY_FILTER,
  RETENTION_YEARS,
  valueText,
  yearsToDays,
} from './model';

describe('auditParams', () => {
  it.each([
    [EMPTY_FILTER, {}],
    [
      { ...EMPTY_FILTER, actor: 'user:usr_1' },
      { actorType: 'user', actorId: 'usr_1' },
    ],
    [{ ...EMPTY_FILTER, actor: 'system' }, { actorType: 'system' }],
    [
      { ...EMPTY_FILTER, action: ' exported ', from: '2026-05-01' },
      { action: 'exported', from: '2026-05-01' },
    ],
    [
      { ...EMPTY_FILTER, entityType: 'form', entityId: ' frm_1 ' },
      { entityType: 'form', entityId: 'frm_1' },
    ],
    // An id without its type is not sent (the server would refuse it).
    [{ ...EMPTY_FILTER, entityId: 'frm_1', to: '2026-05-31' }, { to: '2026-05-31' }],
  ])('%j → %j', (filter, params) => {
    expect(auditParams(filter)).toEqual(params);
  });
});

describe('retention years', () => {
  it('are the days the server bounds and defaults name', () => {
    expect(RETENTION_YEARS.map(yearsToDays)).toEqual([365, 731, 1096, 1826, 2557, 3653]);
  });
});

describe('changeLines', () => {
  it.each([
    [
      { before: { name: 'A', timezone: 'UTC' }, after: { name: 'B', timezone: 'UTC' } },
      [
        { key: 'name', before: 'A', after: 'B' },
        { key: 'timezone', before: 'UTC', after: 'UTC' },
      ],
    ],
    [
      { from: 'usr_1', to: null, reason: 'claim' },
      [
        { key: '', before: 'usr_1', after: null },
        { key: 'reason', value: 'claim' },
      ],
    ],
    [
      { company: { from: 'A', to: 'B' }, email: { changed: true } },
      [
        { key: 'company', before: 'A', after: 'B' },
        { key: 'email', value: { changed: true } },
      ],
    ],
    [{ before: 'x' }, [{ key: 'before', value: 'x' }]],
    [{}, []],
  ])('%j', (data, lines) => {
    expect(changeLines(data)).toEqual(lines);
  });

  it.each([
    [null, '–'],
    ['', '–'],
    ['Praha', 'Praha'],
    [['a', 'b'], 'a, b'],
    [42, '42'],
    [{ changed: true }, '{"changed":true}'],
  ])('valueText(%j) = %j', (value, text) => {
    expect(valueText(value)).toBe(text);
  });
});

describe('access events', () => {
  const via = 'GET /api/leads/{id}';
  it.each([
    [
      { type: 'accessed', data: { kind: 'contact', revealed: ['email', 'phone'], via } },
      { what: 'emailPhone', via },
    ],
    [
      { type: 'accessed', data: { kind: 'contact', revealed: ['phone'], via } },
      { what: 'phone', via },
    ],
    [
      { type: 'accessed', data: { kind: 'contact', revealed: ['email'] } },
      { what: 'email', via: null },
    ],
    [
      { type: 'accessed', data: { kind: 'document', documentId: 'doc_1', via } },
      { what: 'document', documentId: 'doc_1', via },
    ],
    [
      { type: 'exported', data: { kind: 'gdpr', revealed: ['email'], via } },
      { what: 'gdpr', via },
    ],
    [{ type: 'exported', data: { format: 'csv' } }, null],
    [{ type: 'accessed', data: { kind: 'contact', revealed: [] } }, null],
    [{ type: 'status_changed', data: { from: 'NEW', to: 'LOST' } }, null],
  ])('%j → %j', (event, summary) => {
    expect(accessSummary(event)).toEqual(summary);
  });

  it('filters on every action that records a read of personal data', () => {
    expect(auditParams(ACCESS_FILTER)).toEqual({ action: 'accessed,exported,quarantine.viewed' });
  });
});
