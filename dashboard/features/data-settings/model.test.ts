import type { OrganizationData } from '@contract/organization';
import { describe, expect, it } from 'vitest';
import { dataChange, dataFieldErrors, draftOf, originLines } from './model';

const saved: OrganizationData = {
  leadPurgeDays: 30,
  quarantineRetentionDays: 30,
  allowedOrigins: ['https://a.example'],
  defaultFormLocale: 'en',
};

describe('dataChange', () => {
  it('sends only what differs; blank lines are not origins', () => {
    expect(dataChange(saved, draftOf(saved))).toEqual({});
    expect(
      dataChange(saved, {
        ...draftOf(saved),
        leadPurgeDays: '14',
        allowedOrigins: '\nhttps://a.example\n  https://b.example  \n',
      }),
    ).toEqual({ leadPurgeDays: 14, allowedOrigins: ['https://a.example', 'https://b.example'] });
  });

  it('a number not typed as one is sent, for the server to refuse with its pointer', () => {
    expect(dataChange(saved, { ...draftOf(saved), quarantineRetentionDays: '' })).toEqual({
      quarantineRetentionDays: Number.NaN,
    });
  });
});

it('places an origin error on the line it came from', () => {
  const draft = { ...draftOf(saved), allowedOrigins: 'https://a.example\n\nhttp://b.example' };
  expect(originLines(draft.allowedOrigins).map((l) => l.line)).toEqual([1, 3]);
  const error = { pointer: '/allowedOrigins/1', detail: '', code: 'invalid_origin' as const };
  const days = { pointer: '/leadPurgeDays', detail: '', code: 'too_small' as const };
  const other = { pointer: '/elsewhere', detail: '', code: 'invalid_type' as const };
  expect(
    dataFieldErrors(
      {
        type: 'about:blank',
        title: '',
        status: 422,
        code: 'validation-failed',
        errors: [error, days, other],
      },
      draft,
    ),
  ).toEqual({
    allowedOrigins: { field: 'allowedOrigins', line: 3, error },
    leadPurgeDays: { field: 'leadPurgeDays', line: null, error: days },
  });
});
