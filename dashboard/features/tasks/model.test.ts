import type { Task, TaskBucket } from '@contract/tasks';
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../api/client';
import { TasksModel, taskShortcut } from './model';

const task = (id: string, done = false): Task => ({
  id,
  lead: { id: 'lead_1', name: 'Jana Nováková', company: 'Škoda' },
  title: null,
  note: null,
  dueAt: '2026-03-29T07:00:00.000Z',
  assignee: { id: 'usr_1', name: 'Petr' },
  done,
  doneAt: done ? '2026-03-28T10:00:00.000Z' : null,
  createdAt: '2026-03-28T10:00:00.000Z',
  canEdit: true,
});

const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });
const LISTS: Record<TaskBucket, Task[]> = {
  overdue: [task('a')],
  today: [],
  upcoming: [task('b'), task('c')],
};

function fakeApi() {
  return {
    tasks: {
      summary: () => ok({ overdue: 1, today: 0, timeZone: 'Europe/Prague' }),
      mine: (bucket: TaskBucket, _cursor?: string | null) =>
        ok<{ items: Task[]; nextCursor: string | null }>({ items: LISTS[bucket], nextCursor: null }),
      setDone: (id: string, done: boolean) => ok(task(id, done)),
      snooze: (id: string) => ok({ ...task(id), dueAt: '2026-03-30T07:00:00.000Z' }),
      forLead: () => ok({ items: [] }),
      create: () => ok(task('new')),
      update: (id: string) => ok(task(id)),
      remove: () => ok(null),
    },
  };
}

describe('TasksModel', () => {
  it('loads the three buckets in page order, and keeps a task done in its place so x can undo it', async () => {
    const model = new TasksModel();
    const api = fakeApi();
    await model.load(api);
    expect(model.rows.value.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(model.timeZone.value).toBe('Europe/Prague');
    await model.setDone(api, model.rows.value[0]!, true);
    expect(model.buckets.value.overdue.map((x) => [x.id, x.done])).toEqual([['a', true]]);
    await model.snooze(api, model.rows.value[1]!, { preset: 'next-week' });
    expect(model.buckets.value.upcoming[0]!.dueAt).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('TasksModel paging', () => {
  it('knows a bucket has more, appends its next page once, and then knows it is whole', async () => {
    const pages: Record<string, { items: Task[]; nextCursor: string | null }> = {
      first: { items: [task('a'), task('b')], nextCursor: 'c1' },
      c1: { items: [task('b'), task('c')], nextCursor: null },
    };
    const api = fakeApi();
    const asked: Array<string | null | undefined> = [];
    api.tasks.mine = (bucket: TaskBucket, cursor?: string | null) => {
      if (bucket !== 'overdue') return ok({ items: [], nextCursor: null });
      asked.push(cursor);
      return ok(pages[cursor ?? 'first']!);
    };
    const model = new TasksModel();
    await model.load(api);
    expect(model.cursors.value.overdue).toBe('c1');
    expect(model.cursors.value.today).toBeNull();
    await model.loadMore(api, 'overdue');
    expect(model.buckets.value.overdue.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(model.cursors.value.overdue).toBeNull();
    await model.loadMore(api, 'overdue');
    expect(asked).toEqual([undefined, 'c1']);
  });
});

describe('taskShortcut', () => {
  it.each([
    ['j', 'next'],
    ['ArrowDown', 'next'],
    ['k', 'previous'],
    ['ArrowUp', 'previous'],
    ['x', 'toggle'],
    ['s', 'snooze'],
    ['Enter', 'open'],
    ['q', null],
  ])('%s → %s', (key, action) => {
    expect(taskShortcut(key)).toBe(action);
  });
});
