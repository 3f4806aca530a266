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
      timeZone: null,
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
