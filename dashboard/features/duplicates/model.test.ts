import type { ClusterMember } from '@contract/duplicates';
import { describe, expect, it } from 'vitest';
import { defaultChoices, mergeRequest, proposedMaster } from './model';

const member = (id: string, extra: Partial<ClusterMember> = {}): ClusterMember => ({
  id,
  firstName: null,
  lastName: 'Novák',
  company: null,
  email: null,
  phone: null,
  title: null,
  city: null,
  status: 'NEW',
  updatedAt: '2026-11-01T00:00:00Z',
  createdAt: '2026-11-01T00:00:00Z',
  ...extra,
});

describe('defaultChoices', () => {
  it("keeps the master's values and fills its empty fields from the first record that has one", () => {
    const members = [member('a', { title: 'CEO' }), member('b', { title: 'CTO', email: 'b@x.test' })];
    expect(defaultChoices(members, 'a')).toMatchObject({ title: 'a', email: 'b', lastName: 'a', city: 'a' });
  });
});

describe('proposedMaster', () => {
  it('proposes a converted record, which alone may survive a merge, else the oldest', () => {
    expect(proposedMaster([member('a'), member('b')]).id).toBe('a');
    const converted = member('c', { status: 'QUALIFIED', convertedAt: '2026-11-02T00:00:00Z' });
    expect(proposedMaster([member('a'), member('b'), converted]).id).toBe('c');
    expect(proposedMaster([member('a', { convertedAt: null }), converted]).id).toBe('c');
  });
});

describe('mergeRequest', () => {
  it('merges every record but the master', () => {
    const members = [member('a'), member('b'), member('c')];
    expect(mergeRequest(members, 'b', { title: 'c' }, true)).toEqual({
      masterId: 'b',
      mergedIds: ['a', 'c'],
      fields: { title: 'c' },
      dryRun: true,
    });
  });
});
