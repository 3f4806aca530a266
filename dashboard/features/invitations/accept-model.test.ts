import type { Session } from '@contract/session';
import { describe, expect, it } from 'vitest';
import type { InvitationPreview } from '../../api/people';
import type { Problem } from '../../api/problem';
import { AcceptInvitationModel } from './accept-model';

const problem = (status: number, code: string): Problem => ({ type: 'about:blank', title: '', status, code });
const preview: InvitationPreview = {
  organization: { name: 'Acme' },
  email: 'ada@example.com',
  role: 'member',
  locale: 'en',
  expiresAt: '2026-12-14T00:00:00Z',
};

describe('AcceptInvitationModel', () => {
  it('an empty token is an unknown link, asked nothing', async () => {
    const model = new AcceptInvitationModel();
    let asked = false;
    await model.load(
      {
        previewInvitation: async () => {
          asked = true;
          return { ok: true, data: preview };
        },
      },
      '',
    );
    expect(asked).toBe(false);
    expect(model.state.value).toEqual({ kind: 'closed', code: 'invitation-not-found' });
  });

  it.each([
    ['ready', { ok: true, data: preview }, { kind: 'ready', preview }],
    [
      'expired',
      { ok: false, problem: problem(410, 'invitation-expired') },
      { kind: 'closed', code: 'invitation-expired' },
    ],
    [
      'revoked',
      { ok: false, problem: problem(410, 'invitation-revoked') },
      { kind: 'closed', code: 'invitation-revoked' },
    ],
    [
      'used',
      { ok: false, problem: problem(410, 'invitation-used') },
      { kind: 'closed', code: 'invitation-used' },
    ],
    [
      'unknown',
      { ok: false, problem: problem(404, 'invitation-not-found') },
      { kind: 'closed', code: 'invitation-not-found' },
    ],
    [
      'offline',
      { ok: false, problem: problem(0, 'network-error') },
      { kind: 'failed', problem: problem(0, 'network-error') },
    ],
  ] as const)('load: %s', async (_name, answer, state) => {
    const model = new AcceptInvitationModel();
    await model.load({ previewInvitation: async () => answer }, 'tok');
    expect(model.state.value).toEqual(state);
  });

  it('accept: a link closed meanwhile closes the page; a wrong password keeps the form', async () => {
    const model = new AcceptInvitationModel();
    await model.load({ previewInvitation: async () => ({ ok: true, data: preview }) }, 'tok');
    const wrong = await model.accept(
      { acceptInvitation: async () => ({ ok: false, problem: problem(422, 'validation-failed') }) },
      { token: 'tok', name: 'Ola', password: 'x' },
    );
    expect(wrong.ok).toBe(false);
    expect(model.state.value.kind).toBe('ready');
    await model.accept(
      { acceptInvitation: async () => ({ ok: false, problem: problem(410, 'invitation-revoked') }) },
      { token: 'tok', name: 'Ola', password: 'x' },
    );
    expect(model.state.value).toEqual({ kind: 'closed', code: 'invitation-revoked' });
    const ok = await new AcceptInvitationModel().accept(
      { acceptInvitation: async () => ({ ok: true, data: { csrfToken: 'c' } as Session }) },
      { token: 'tok', name: 'Ada', password: 'long enough' },
    );
    expect(ok.ok).toBe(true);
  });
});
