import type { SavedView } from '@contract/saved-views';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import { activeViewId, SavedViewsModel, viewHref } from './saved-views-model';

const view = (id: string, filter: Record<string, string>, name = id): SavedView => ({
  id,
  name,
  filter,
  layout: null,
  shared: false,
  owner: { id: 'u1', name: 'Ada' },
  editable: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('viewHref', () => {
  it.each<[Record<string, string>, string]>([
    [{}, '/app/leads'],
    [{ status: 'NEW,CONTACTED', assignee: 'me' }, '/app/leads?status=NEW%2CCONTACTED&assignee=me'],
    [{ q: 'Nováková' }, '/app/leads?q=Nov%C3%A1kov%C3%A1'],
  ])('%j → %s', (filter, href) => expect(viewHref({ filter })).toBe(href));
});

describe('activeViewId', () => {
  const views = [view('a', { status: 'NEW', assignee: 'me' }), view('b', {})];
  it.each<[Record<string, string>, string | null]>([
    [{ assignee: 'me', status: 'NEW' }, 'a'],
    [{}, 'b'],
    [{ status: 'NEW' }, null],
  ])('%j → %s', (params, id) => expect(activeViewId(views, params)).toBe(id));
});

describe('SavedViewsModel', () => {
  it('saves, reloads the list, and keeps the problem of a refused change', async () => {
    let stored: SavedView[] = [];
    const api = {
      listSavedViews: async () => ({ ok: true, data: { items: stored } }),
      createSavedView: async (input: { name: string; filter: Record<string, string> }) => {
        const created = view('v1', input.filter, input.name);
        stored = [created];
        return { ok: true, data: created };
      },
      deleteSavedView: async () => ({
        ok: false,
        problem: { type: 'about:blank', title: '', status: 403, code: 'forbidden' },
      }),
    } as unknown as ApiClient;
    const model = new SavedViewsModel();
    await model.load(api);
    expect(model.views.value).toEqual([]);
    const saved = await model.save(
      api,
      'Hot',
      { tags: 'Hot' },
      { columns: ['name'], density: 'compact' },
      false,
    );
    expect(saved.ok).toBe(true);
    expect(model.views.value.map((v) => v.name)).toEqual(['Hot']);
    expect((await model.remove(api, 'v1')).ok).toBe(false);
    expect(model.problem.value?.code).toBe('forbidden');
    expect(model.views.value).toHaveLength(1);
  });
});
