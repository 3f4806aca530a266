import { describe, expect, it } from 'vitest';
import { type AuditEntry, auditCsvHeader, auditCsvRecord, sealedValues, withValues } from './audit-log';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: '42',
  at: '2026-05-10T12:00:00.000Z',
  type: 'organization.updated',
  actor: { type: 'user', id: 'usr_1', name: 'Jana Nováková' },
  entity: { type: 'organization', id: 'org_1' },
  leadId: null,
  data: { before: { name: 'A' }, after: { name: 'B, "quoted"' } },
  ...over,
});

describe('the audit CSV', () => {
  it('has one header and one record per event, data as JSON in one quoted cell', () => {
    expect(auditCsvHeader()).toBe(
      'id,at,action,actorType,actorId,actorName,entityType,entityId,leadId,data\r\n',
    );
    expect(auditCsvRecord(entry())).toBe(
      '42,2026-05-10T12:00:00.000Z,organization.updated,user,usr_1,Jana Nováková,organization,org_1,,' +
        '"{""before"":{""name"":""A""},""after"":{""name"":""B, \\""quoted\\""""}}"\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
  ])('neutralises a formula in a name: %j', (name, cell) => {
    const record = auditCsvRecord(entry({ actor: { type: 'api_key', id: 'key_1', name }, data: {} }));
    expect(record.split(',')[5]).toBe(cell.split(',')[0]);
    expect(record.endsWith(',\r\n')).toBe(true);
  });
});

describe('sealed values in event data', () => {
  it.each([
    [
      'resubmitted',
      {
        conflicts: [
          { field: 'company', submitted: 'X' },
          { field: 'email', submitted: 'ct1' },
          { field: 'phone', submitted: 'ct2' },
        ],
      },
      [
        { path: ['conflicts', 1, 'submitted'], field: 'email' },
        { path: ['conflicts', 2, 'submitted'], field: 'phone' },
      ],
    ],
    ['resubmitted', { conflicts: [{ field: 'email', submitted: null }] }, []],
    ['resubmitted', { conflicts: 'nonsense' }, []],
    ['updated', { conflicts: [{ field: 'email', submitted: 'ct' }] }, []],
  ])('%s %j', (type, data, expected) => {
    expect(sealedValues(type, data as Record<string, unknown>)).toEqual(expected);
  });

  it('replaces values in a copy, leaving the original untouched', () => {
    const data = { conflicts: [{ field: 'email', submitted: 'ct' }] };
    const shown = withValues(data, [{ path: ['conflicts', 0, 'submitted'], value: 'jana@example.cz' }]);
    expect(shown).toEqual({ conflicts: [{ field: 'email', submitted: 'jana@example.cz' }] });
    expect(data.conflicts[0]!.submitted).toBe('ct');
  });
});
