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
      mine: (bucket: TaskBucket) => ok({ items: LISTS[bucket], nextCursor: null }),
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
