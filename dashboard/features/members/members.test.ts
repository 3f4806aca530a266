import type { Member } from '@contract/users';
import { describe, expect, it } from 'vitest';
import { assigneeChoices } from './members';

const member = (id: string, name: string, assignable = true): Member => ({
  id,
  name,
  email: `${id}@example.com`,
  role: assignable ? 'member' : 'viewer',
  teams: [],
  assignable,
});

describe('assigneeChoices', () => {
  const members = [member('u1', 'Ada'), member('u2', 'Viktor', false), member('u3', 'Олена')];

  it.each<[string, { id: string; name: string } | null, string[]]>([
    ['only those who can take leads', null, ['u1', 'u3']],
    ['the current assignee once', { id: 'u1', name: 'Ada' }, ['u1', 'u3']],
    ['a current assignee who can no longer take leads', { id: 'u2', name: 'Viktor' }, ['u1', 'u3', 'u2']],
  ])('lists %s', (_name, current, ids) => {
    expect(assigneeChoices(members, current).map((c) => c.id)).toEqual(ids);
  });
});
