import { describe, expect, it } from 'vitest';
import { beforeState, planMerge, unionTags } from './merge-plan';

const master = { id: 'a', firstName: 'Jan', title: null, emailCiphertext: 'c1', emailIndex: 'i1' };
const b = { id: 'b', firstName: 'Jana', title: 'CTO', emailCiphertext: 'c2', emailIndex: 'i1' };
const c = { id: 'c', firstName: 'Jan', title: 'CEO', emailCiphertext: 'c3', emailIndex: 'i3' };

describe('planMerge', () => {
  it.each([
    ['takes a different value from another record', { title: 'b' }, { title: 'CTO' }],
    ['skips a field chosen from the master', { title: 'a' }, {}],
    ['skips an equal value', { firstName: 'c' }, {}],
    ['compares contact fields by blind index', { email: 'b' }, {}],
    ['moves a contact field whole', { email: 'c' }, { emailCiphertext: 'c3', emailIndex: 'i3' }],
  ])('%s', (_name, fields, patch) => {
    const result = planMerge(master, [b, c], fields);
    expect(result).toMatchObject({ ok: true, patch });
  });

  it('names each bad field by pointer', () => {
    expect(planMerge(master, [b], { title: 'zzz', bogus: 'b' })).toEqual({
      ok: false,
      errors: [
        { pointer: '/fields/title', detail: 'zzz is not one of the merged leads', code: 'not_in_merge' },
        {
          pointer: '/fields/bogus',
          detail: 'bogus is not a field a merge can choose',
          code: 'unknown_field',
        },
      ],
    });
  });

  it('records the before-state of exactly the patched columns', () => {
    expect(beforeState(master, { title: 'CTO', emailIndex: 'x' })).toEqual({ title: null, emailIndex: 'i1' });
  });
});

describe('unionTags', () => {
  it.each([
    ['adds the others’ tags after the master’s, once', ['a'], [['b', 'a'], ['c']], ['a', 'b', 'c']],
    ['is null when nothing is added', ['a', 'b'], [['b'], []], null],
  ])('%s', (_name, master, others, expected) => {
    expect(
      unionTags(
        { tags: master },
        others.map((tags) => ({ tags })),
      ),
    ).toEqual(expected);
  });
});
