import type { MemberDetail } from '@contract/people';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { grantableRoles, MembersModel, memberPermission, offboardPermission } from './manage-model';

const member = (id: string, role: MemberDetail['role'], extra: Partial<MemberDetail> = {}): MemberDetail => ({
  id,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  role,
  status: 'active',
  lastSignInAt: null,
  openLeads: 0,
  joinedAt: '2026-01-01T00:00:00Z',
  ...extra,
});
const problem = (status: number, code: string): Problem => ({ type: 'about:blank', title: '', status, code });

describe('what a caller may do to a member', () => {
  it.each([
    ['owner', 'owner', true],
    ['owner', 'admin', true],
    ['admin', 'owner', false],
    ['admin', 'admin', true],
    ['admin', 'viewer', true],
    ['member', 'viewer', false],
  ] as const)('%s managing a %s: %s', (caller, role, allowed) => {
    expect(memberPermission({ role: caller, userId: 'me' }, member('x', role)).allowed).toBe(allowed);
  });

  it('says why: an owner only by an owner; nobody offboards themselves', () => {
    expect(memberPermission({ role: 'admin', userId: 'me' }, member('x', 'owner'))).toEqual({
      allowed: false,
      reason: 'settings.members.reason.ownerOnly',
    });
    expect(offboardPermission({ role: 'owner', userId: 'me' }, member('me', 'owner'))).toEqual({
      allowed: false,
      reason: 'settings.members.reason.self',
    });
    expect(offboardPermission({ role: 'owner', userId: 'me' }, member('x', 'member'))).toEqual({
      allowed: true,
    });
  });

  it('grantable roles: the owner role only for owners', () => {
    expect(grantableRoles('admin')).toEqual(['viewer', 'member', 'admin']);
    expect(grantableRoles('owner')).toEqual(['viewer', 'member', 'admin', 'owner']);
    expect(grantableRoles('member')).toEqual([]);
  });
});

describe('MembersModel', () => {
  const list = [member('a', 'owner'), member('b', 'member', { openLeads: 3 }), member('c', 'viewer')];
  const loaded = async () => {
    const model = new MembersModel();
    await model.load({ listMembers: async () => ({ ok: true, data: { items: list } }) });
    return model;
  };

  it('loads; the reassign choices are active non-viewers', async () => {
    const model = await loaded();
    expect(model.loading.value).toBe(false);
    expect(model.assignable.value.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('deactivating with reassignment moves the open leads in the list and says so', async () => {
    const model = await loaded();
    await model.deactivate(
      {
        deactivate: async () => ({
          ok: true,
          data: {
            member: { ...list[1]!, status: 'deactivated', openLeads: 0 },
            leads: { action: 'reassign', count: 3 },
          },
        }),
      },
      'b',
      { leads: { action: 'reassign', to: 'a' } },
    );
    expect(model.items.value.map((m) => [m.id, m.status, m.openLeads])).toEqual([
      ['a', 'active', 3],
      ['b', 'deactivated', 0],
      ['c', 'active', 0],
    ]);
    expect(model.notice.value).toEqual({ kind: 'deactivated', name: 'Name b', action: 'reassign', count: 3 });
    expect(model.assignable.value.map((m) => m.id)).toEqual(['a']);
  });

  it('the last-owner 409 becomes the problem, the list unchanged', async () => {
    const model = await loaded();
    await model.changeRole(
      { changeRole: async () => ({ ok: false, problem: problem(409, 'last-owner') }) },
      'a',
      'admin',
    );
    expect(model.problem.value?.code).toBe('last-owner');
    expect(model.notice.value).toBeNull();
    expect(model.items.value).toEqual(list);
    expect(model.busy.value).toBeNull();
  });

  it('removing drops the member and names them in the notice', async () => {
    const model = await loaded();
    await model.remove({ remove: async () => ({ ok: true, data: null }) }, 'c');
    expect(model.items.value.map((m) => m.id)).toEqual(['a', 'b']);
    expect(model.notice.value).toEqual({ kind: 'removed', name: 'Name c' });
  });
});
