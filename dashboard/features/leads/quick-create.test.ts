import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import { createFields, duplicateQuery, EMPTY_DRAFT, fieldErrors, QuickCreateModel } from './quick-create';

describe('duplicateQuery', () => {
  it.each([
    [{}, null],
    [{ email: 'ada@' }, null],
    [{ email: 'ada@example.com' }, { email: 'ada@example.com' }],
    [{ phone: '+49 30' }, null],
    [{ phone: '+49 301234' }, { phone: '+49 301234' }],
    [{ lastName: 'L' }, null],
    [
      { lastName: 'Lovelace', firstName: 'Ada', company: 'Acme' },
      { last: 'Lovelace', first: 'Ada', company: 'Acme' },
    ],
  ])('%o → %o', (fields, expected) => {
    expect(duplicateQuery({ ...EMPTY_DRAFT, ...fields })).toEqual(expected);
  });
});

describe('createFields', () => {
  it('trims and leaves blanks out', () => {
    expect(createFields({ ...EMPTY_DRAFT, lastName: ' Nakamura ', email: ' ' })).toEqual({
      lastName: 'Nakamura',
    });
  });
});

describe('fieldErrors', () => {
  it('maps pointers of known fields, first message wins', () => {
    const problem = {
      type: 'about:blank',
      title: '',
      status: 422,
      code: 'validation-failed',
      errors: [
        { pointer: '/lastName', detail: 'Required', code: 'too_small' as const },
        { pointer: '/lastName', detail: 'Second' },
        { pointer: '/other', detail: 'x' },
      ],
    };
    expect(fieldErrors(problem)).toEqual({ lastName: problem.errors[0] });
  });
});

describe('QuickCreateModel', () => {
  it('drops a duplicate answer that a newer check overtook', async () => {
    const resolvers: Array<(v: unknown) => void> = [];
    const api = {
      checkDuplicates: () => new Promise((resolve) => resolvers.push(resolve)),
    } as unknown as ApiClient;
    const model = new QuickCreateModel();
    model.edit('email', 'a@example.com');
    const first = model.checkDuplicates(api);
    model.edit('email', 'b@example.com');
    const second = model.checkDuplicates(api);
    const match = (id: string) => ({ id, lastName: id, rule: 'email-exact' });
    resolvers[1]?.({ ok: true, data: { matches: [match('b')] } });
    await second;
    resolvers[0]?.({ ok: true, data: { matches: [match('a')] } });
    await first;
    expect(model.matches.value.map((m) => m.id)).toEqual(['b']);
    expect(model.checking.value).toBe(false);
  });
});
