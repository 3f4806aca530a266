import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResult } from '../../api/client';
import { ActivityModel, eventTypeKey } from './activity-model';

describe('eventTypeKey', () => {
  it.each([
    ['status_changed', 'timeline.type.status_changed'],
    ['note_added', 'timeline.type.note_added'],
    ['something_new', null],
    ['constructor', null],
  ])('%s → %s', (type, key) => {
    expect(eventTypeKey(type)).toBe(key);
  });
});

describe('ActivityModel', () => {
  it('asks for the filter’s event types and drops an answer for an older filter', async () => {
    const calls: { types: string[]; resolve: (r: ApiResult<never>) => void }[] = [];
    const api = {
      getTimeline: (_id: string, types: string[]) => new Promise((resolve) => calls.push({ types, resolve })),
    } as unknown as ApiClient;
    const model = new ActivityModel();
    const all = model.loadTimeline(api, 'lead_1');
    const notes = model.loadTimeline(api, 'lead_1', 'notes');
    expect(calls.map((c) => c.types)).toEqual([[], ['note_added', 'note_updated', 'note_deleted']]);
    const event = (id: string) => ({
      id,
      type: 'note_added',
      actor: { type: 'user', id: null, name: null },
      at: '',
      data: {},
    });
    calls[1]?.resolve({ ok: true, data: { items: [event('n')], nextCursor: null } } as never);
    await notes;
    calls[0]?.resolve({ ok: true, data: { items: [event('a')], nextCursor: null } } as never);
    await all;
    expect(model.events.value.map((e) => e.id)).toEqual(['n']);
    expect(model.filter.value).toBe('notes');
  });

  it('adds, edits and deletes notes in the list it shows', async () => {
    const note = (id: string, body: string) => ({ id, body, author: null, createdAt: '', updatedAt: '' });
    const api = {
      addNote: async (_l: string, body: string) => ({ ok: true, data: note('n1', body) }),
      updateNote: async (_l: string, id: string, body: string) => ({ ok: true, data: note(id, body) }),
      deleteNote: async () => ({ ok: true, data: null }),
    } as unknown as ApiClient;
    const model = new ActivityModel();
    expect(await model.addNote(api, 'lead_1', 'Hello')).toBe(true);
    expect(await model.editNote(api, 'lead_1', 'n1', 'Hi')).toBe(true);
    expect(model.notes.value.map((n) => n.body)).toEqual(['Hi']);
    expect(await model.deleteNote(api, 'lead_1', 'n1')).toBe(true);
    expect(model.notes.value).toEqual([]);
  });
});
