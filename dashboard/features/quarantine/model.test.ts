import type { QuarantineItem } from '@contract/admin';
import { describe, expect, it } from 'vitest';
import { bulkNotice, payloadEntries, QuarantineModel, submissionName } from './model';

const item = (id: string, payload: unknown): QuarantineItem => ({
  id,
  formId: 'frm_1',
  formName: 'Contact',
  channel: 'form',
  reason: 'honeypot',
  createdAt: '2026-03-01T10:00:00.000Z',
  expiresAt: '2026-03-31T10:00:00.000Z',
  releasedAt: null,
  leadId: null,
  payload,
});

describe('submissionName', () => {
  it.each([
    [{ firstName: 'Jana', lastName: 'Nováková' }, 'Jana Nováková'],
    [{ first_name: 'Petr', last_name: 'Svoboda', oid: 'x' }, 'Petr Svoboda'],
    [{ lastName: '', email: 'bot@example.com' }, 'bot@example.com'],
    [{ lg_hp: 'x' }, ''],
    [null, ''],
  ])('%j → %s', (payload, name) => {
    expect(submissionName(payload)).toBe(name);
  });
});

it('lists a payload as text, in the order received', () => {
  expect(payloadEntries({ lastName: 'A', lg_elapsed: 100, tags: ['x'] })).toEqual([
    ['lastName', 'A'],
    ['lg_elapsed', '100'],
    ['tags', '["x"]'],
  ]);
});

it('counts a bulk answer', () => {
  expect(
    bulkNotice('release', {
      items: [
        { id: 'a', outcome: 'released', leadId: 'l' },
        { id: 'b', outcome: 'already-released', leadId: null },
        { id: 'c', outcome: 'not-found', leadId: null },
        { id: 'd', outcome: 'unreadable', leadId: null },
      ],
    }),
  ).toEqual({ kind: 'bulk', action: 'release', done: 1, skipped: 2, unreadable: 1 });
});

describe('QuarantineModel', () => {
  it('selects, acts on the selection, and shows the list as it is afterwards', async () => {
    let held = [item('a', { lastName: 'A' }), item('b', { lastName: 'B' })];
    const sent: unknown[] = [];
    const api = {
      listHeld: async () => ({ ok: true as const, data: { items: held } }),
      bulk: async (input: { action: 'release' | 'discard'; ids: string[] }) => {
        sent.push(input);
        held = held.filter((i) => !input.ids.includes(i.id));
        return {
          ok: true as const,
          data: { items: input.ids.map((id) => ({ id, outcome: 'discarded' as const, leadId: null })) },
        };
      },
    };
    const model = new QuarantineModel();
    await model.load(api);
    model.toggleAll();
    expect(model.allSelected.value).toBe(true);
    model.toggle('a');
    expect([...model.selected.value]).toEqual(['b']);
    expect(await model.bulk(api, 'discard')).toBe(true);
    expect(sent).toEqual([{ action: 'discard', ids: ['b'] }]);
    expect(model.items.value?.map((i) => i.id)).toEqual(['a']);
    expect(model.selected.value.size).toBe(0);
    expect(model.notice.value).toEqual({
      kind: 'bulk',
      action: 'discard',
      done: 1,
      skipped: 0,
      unreadable: 0,
    });
  });

  it('a release someone else made first says so, without an error', async () => {
    const model = new QuarantineModel();
    const api = {
      listHeld: async () => ({ ok: true as const, data: { items: [] } }),
      release: async () => ({
        ok: false as const,
        problem: { type: 'about:blank', title: '', status: 409, code: 'conflict' as const },
      }),
    };
    expect(await model.release(api, item('a', { lastName: 'A' }))).toBe(true);
    expect(model.notice.value).toEqual({ kind: 'already-released' });
    expect(model.problem.value).toBeNull();
  });
});
