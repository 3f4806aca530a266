import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { AccountModel } from './model';

describe('AccountModel', () => {
  it('a wrong current password is a field error on it; a change then succeeds', async () => {
    const model = new AccountModel();
    const wrong: Problem = {
      type: 'about:blank',
      title: '',
      status: 422,
      code: 'validation-failed',
      errors: [{ pointer: '/currentPassword', detail: '', code: 'incorrect_password' }],
    };
    await model.changePassword(
      { changePassword: async () => ({ ok: false, problem: wrong }) },
      { currentPassword: 'x', newPassword: 'new password' },
    );
    expect(model.fieldErrors.value).toEqual({ currentPassword: wrong.errors![0] });
    expect(model.notice.value).toBeNull();
    await model.changePassword(
      { changePassword: async () => ({ ok: true, data: null }) },
      { currentPassword: 'right', newPassword: 'new password' },
    );
    expect(model.fieldErrors.value).toEqual({});
    expect(model.notice.value).toEqual({ kind: 'password-changed' });
  });

  it('signing out elsewhere says how many sessions ended', async () => {
    const model = new AccountModel();
    await model.signOutElsewhere({ endOtherSessions: async () => ({ ok: true, data: { ended: 2 } }) });
    expect(model.notice.value).toEqual({ kind: 'signed-out-elsewhere', count: 2 });
    expect(model.busy.value).toBe(false);
  });
});

describe('AccountModel.saveProfile', () => {
  it('saves and says so; a refused name is an error on its field', async () => {
    const model = new AccountModel();
    const account = {
      id: 'u',
      email: 'a@x',
      name: 'Олена',
      language: 'uk',
      timezone: null,
      notifyNewLeads: 'assigned' as const,
      taskReminderEmail: false,
    };
    const saved = await model.saveProfile(
      { updateAccount: async () => ({ ok: true, data: account }) },
      {
        name: 'Олена',
        language: 'uk',
      },
    );
    expect(saved).toEqual({ ok: true, data: account });
    expect(model.notice.value).toEqual({ kind: 'profile-saved' });
    const error = { pointer: '/name', detail: '', code: 'required' as const };
    await model.saveProfile(
      {
        updateAccount: async () => ({
          ok: false,
          problem: {
            type: 'about:blank',
            title: '',
            status: 422,
            code: 'validation-failed',
            errors: [error],
          },
        }),
      },
      { name: ' ' },
    );
    expect(model.fieldErrors.value).toEqual({ name: error });
    expect(model.notice.value).toBeNull();
  });
});

describe('AccountModel sessions', () => {
  const session = (id: string, current = false) => ({
    id,
    device: { browser: 'Firefox', os: 'Linux' },
    ip: '192.0.2.1',
    createdAt: '2026-03-02T09:00:00.000Z',
    lastSeenAt: '2026-03-02T09:05:00.000Z',
    current,
  });
  const gone: Problem = { type: 'about:blank', title: '', status: 404, code: 'not-found' };

  it('loads the list; ending one removes it (one already gone, too); a refusal keeps it', async () => {
    const model = new AccountModel();
    expect(model.sessions.value).toBeUndefined();
    const list = [session('ses_me', true), session('ses_a'), session('ses_b'), session('ses_c')];
    await model.loadSessions({ listMySessions: async () => ({ ok: true, data: { items: list } }) });
    expect(model.sessions.value).toEqual(list);
    expect(await model.endSession({ endMySession: async () => ({ ok: true, data: null }) }, 'ses_a')).toBe(
      true,
    );
    expect(model.notice.value).toEqual({ kind: 'session-ended' });
    expect(
      await model.endSession({ endMySession: async () => ({ ok: false, problem: gone }) }, 'ses_b'),
    ).toBe(true);
    expect(model.sessions.value!.map((s) => s.id)).toEqual(['ses_me', 'ses_c']);
    const forbidden: Problem = { ...gone, status: 429, code: 'rate-limited' };
    expect(
      await model.endSession({ endMySession: async () => ({ ok: false, problem: forbidden }) }, 'ses_c'),
    ).toBe(false);
    expect(model.problem.value).toEqual(forbidden);
    expect(model.sessions.value!.map((s) => s.id)).toEqual(['ses_me', 'ses_c']);
  });

  it('signing out everywhere else leaves only this session in the list', async () => {
    const model = new AccountModel();
    const list = [session('ses_a'), session('ses_me', true)];
    await model.loadSessions({ listMySessions: async () => ({ ok: true, data: { items: list } }) });
    await model.signOutElsewhere({ endOtherSessions: async () => ({ ok: true, data: { ended: 1 } }) });
    expect(model.sessions.value!.map((s) => s.id)).toEqual(['ses_me']);
  });
});
