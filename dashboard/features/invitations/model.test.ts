import type { Invitation } from '@contract/people';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { InvitationsModel } from './model';

const invitation = (id: string, email: string): Invitation => ({
  id,
  email,
  role: 'member',
  locale: 'en',
  invitedBy: null,
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-01-08T00:00:00Z',
});
const problem = (status: number, code: string): Problem => ({ type: 'about:blank', title: '', status, code });

describe('InvitationsModel', () => {
  it('invites (new first), resends (replaced), revokes (dropped), each with its notice', async () => {
    const model = new InvitationsModel();
    await model.load({
      listInvitations: async () => ({ ok: true, data: { items: [invitation('i1', 'a@x')] } }),
    });
    await model.invite(
      { invite: async () => ({ ok: true, data: invitation('i2', 'b@x') }) },
      'b@x',
      'member',
    );
    expect(model.items.value.map((i) => i.id)).toEqual(['i2', 'i1']);
    expect(model.notice.value).toEqual({ kind: 'invited', email: 'b@x' });
    const renewed = { ...invitation('i1', 'a@x'), expiresAt: '2026-02-01T00:00:00Z' };
    await model.resend({ resendInvitation: async () => ({ ok: true, data: renewed }) }, 'i1');
    expect(model.items.value[1]).toEqual(renewed);
    expect(model.notice.value).toEqual({ kind: 'resent', email: 'a@x' });
    await model.revoke({ revokeInvitation: async () => ({ ok: true, data: null }) }, 'i2');
    expect(model.items.value.map((i) => i.id)).toEqual(['i1']);
    expect(model.notice.value).toEqual({ kind: 'revoked', email: 'b@x' });
  });

  it('an address already a member: the problem, nothing added', async () => {
    const model = new InvitationsModel();
    await model.load({ listInvitations: async () => ({ ok: true, data: { items: [] } }) });
    const result = await model.invite(
      { invite: async () => ({ ok: false, problem: problem(409, 'already-member') }) },
      'a@x',
      'admin',
    );
    expect(result.ok).toBe(false);
    expect(model.problem.value?.code).toBe('already-member');
    expect(model.items.value).toEqual([]);
    expect(model.busy.value).toBeNull();
  });
});
