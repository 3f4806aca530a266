import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import { countReasons, createBulkModel } from './bulk-model';

function fakeApi() {
  const sent: unknown[] = [];
  const undone: string[] = [];
  const api = {
    bulkLeads: async (request: unknown) => {
      sent.push(request);
      return {
        ok: true,
        data: {
          operationId: 'bop_1',
          changed: 1,
          skipped: [{ id: 'b', reason: 'forbidden' }],
          undoUntil: new Date(Date.now() + 30_000).toISOString(),
          selected: 2,
          moreMatched: false,
        },
      };
    },
    undoBulk: async (id: string) => {
      undone.push(id);
      return { ok: true, data: { operationId: id, restored: 1, skipped: [] } };
    },
  } as unknown as ApiClient;
  return { api, sent, undone };
}

describe('bulk model', () => {
  it('sends the selected ids, clears the selection, offers undo until the timer fires', async () => {
    const timers: Array<() => void> = [];
    const bulk = createBulkModel((fn) => timers.push(fn));
    const { api, sent, undone } = fakeApi();
    bulk.toggle('a', true);
    bulk.toggle('b', true);
    bulk.toggle('c', true);
    bulk.toggle('c', false);
    await bulk.run(api, { action: 'delete' }, { status: 'NEW' });
    expect(sent).toEqual([{ action: 'delete', selection: { ids: ['a', 'b'] } }]);
    expect(bulk.size.value).toBe(0);
    expect(bulk.outcome.value).toMatchObject({ kind: 'done', changed: 1, matching: null });
    expect(bulk.undoable.value).toBe('bop_1');
    await bulk.undo(api);
    expect(undone).toEqual(['bop_1']);
    expect(bulk.outcome.value).toEqual({ kind: 'undone', restored: 1, skipped: [] });
    expect(bulk.undoable.value).toBeNull();
    await bulk.run(api, { action: 'delete' }, {});
    timers.at(-1)!();
    expect(bulk.undoable.value).toBeNull();
  });

  it('sends the filter for "all matching"; checking a row goes back to explicit rows', async () => {
    const bulk = createBulkModel(() => 0);
    const { api, sent } = fakeApi();
    bulk.setPage(['a', 'b'], true);
    bulk.allMatching.value = true;
    await bulk.run(api, { action: 'addTags', tags: ['x'] }, { status: 'NEW' });
    expect(sent[0]).toEqual({ action: 'addTags', tags: ['x'], selection: { filter: { status: 'NEW' } } });
    expect(bulk.outcome.value).toMatchObject({ matching: { selected: 2, moreMatched: false } });
    bulk.setPage(['a'], true);
    bulk.allMatching.value = true;
    bulk.toggle('b', true);
    expect(bulk.allMatching.value).toBe(false);
  });

  it('counts skipped leads by reason', () => {
    expect(
      countReasons([
        { id: 'a', reason: 'forbidden' },
        { id: 'b', reason: 'forbidden' },
        { id: 'c', reason: 'unchanged' },
      ]),
    ).toEqual([
      ['forbidden', 2],
      ['unchanged', 1],
    ]);
  });
});
