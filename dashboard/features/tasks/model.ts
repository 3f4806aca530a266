import type { SnoozeTask, Task, TaskBucket, TaskList } from '@contract/tasks';
import { TASK_BUCKETS } from '@contract/tasks';
import { SNOOZE_PRESETS, type SnoozePreset } from '@core/task-time';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';

export { SNOOZE_PRESETS, type SnoozePreset };

type Buckets = Record<TaskBucket, Task[]>;
const EMPTY: Buckets = { overdue: [], today: [], upcoming: [] };
const NO_CURSORS: Record<TaskBucket, string | null> = { overdue: null, today: null, upcoming: null };

/**
 * "My tasks": the three buckets as loaded, the time zone their times are shown in, and the changes made
 * here. A task marked done stays in its place (struck through) until the next load, so `x` undoes it.
 */
export const TasksModel = createModel(() => {
  const buckets = signal<Buckets>(EMPTY, { name: 'tasks.buckets' });
  /** Each bucket's cursor to its next page, null when all of it is loaded. */
  const cursors = signal<Record<TaskBucket, string | null>>(NO_CURSORS, { name: 'tasks.cursors' });
  const loadingMore = signal<TaskBucket | null>(null, { name: 'tasks.loadingMore' });
  const timeZone = signal<string | undefined>(undefined, { name: 'tasks.timeZone' });
  const loading = signal(true, { name: 'tasks.loading' });
  const problem = signal<Problem | null>(null, { name: 'tasks.problem' });
  const rows = computed(() => TASK_BUCKETS.flatMap((b) => buckets.value[b]));

  const replace = (task: Task) => {
    const next = { ...buckets.value };
    for (const b of TASK_BUCKETS) next[b] = next[b].map((x) => (x.id === task.id ? task : x));
    buckets.value = next;
  };

  return {
    buckets: buckets as ReadonlySignal<Buckets>,
    cursors: cursors as ReadonlySignal<Record<TaskBucket, string | null>>,
    loadingMore: loadingMore as ReadonlySignal<TaskBucket | null>,
    /** Every row in page order: what j/k walk through. */
    rows,
    timeZone: timeZone as ReadonlySignal<string | undefined>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    async load(api: Pick<ApiClient, 'tasks'>): Promise<void> {
      loading.value = true;
      const [summary, ...lists] = await Promise.all([
        api.tasks.summary(),
        ...TASK_BUCKETS.map((b) => api.tasks.mine(b)),
      ]);
      batch(() => {
        loading.value = false;
        const failed = [summary, ...lists].find((r) => !r.ok);
        problem.value = failed && !failed.ok ? failed.problem : null;
        if (summary.ok) timeZone.value = summary.data.timeZone;
        if (lists.every((r) => r.ok)) {
          const pages = lists.map((r) => (r as { data: TaskList }).data);
          buckets.value = Object.fromEntries(TASK_BUCKETS.map((b, i) => [b, pages[i]!.items])) as Buckets;
          cursors.value = Object.fromEntries(TASK_BUCKETS.map((b, i) => [b, pages[i]!.nextCursor])) as Record<
            TaskBucket,
            string | null
          >;
        }
      });
    },
    /** The bucket's next page, appended (a task already shown is not repeated). */
    async loadMore(api: Pick<ApiClient, 'tasks'>, bucket: TaskBucket): Promise<void> {
      const cursor = cursors.value[bucket];
      if (!cursor || loadingMore.value) return;
      loadingMore.value = bucket;
      const result = await api.tasks.mine(bucket, cursor);
      batch(() => {
        loadingMore.value = null;
        problem.value = result.ok ? null : result.problem;
        if (!result.ok) return;
        const shown = new Set(buckets.value[bucket].map((x) => x.id));
        const added = result.data.items.filter((x) => !shown.has(x.id));
        buckets.value = { ...buckets.value, [bucket]: [...buckets.value[bucket], ...added] };
        cursors.value = { ...cursors.value, [bucket]: result.data.nextCursor };
      });
    },
    async setDone(api: Pick<ApiClient, 'tasks'>, task: Task, done: boolean): Promise<boolean> {
      const result = await api.tasks.setDone(task.id, done);
      problem.value = result.ok ? null : result.problem;
      if (result.ok) replace(result.data);
      return result.ok;
    },
    /** Moves the task; it stays in its row (with its new due time) until the next load. */
    async snooze(api: Pick<ApiClient, 'tasks'>, task: Task, input: SnoozeTask): Promise<boolean> {
      const result = await api.tasks.snooze(task.id, input);
      problem.value = result.ok ? null : result.problem;
      if (result.ok) replace(result.data);
      return result.ok;
    },
  };
});

export type TasksModel = InstanceType<typeof TasksModel>;

export type TaskShortcut = 'next' | 'previous' | 'toggle' | 'snooze' | 'open';

/** The "My tasks" shortcut a key asks for: j/k or arrows move, x toggles done, s snoozes, Enter opens. */
export function taskShortcut(key: string): TaskShortcut | null {
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'x':
      return 'toggle';
    case 's':
      return 'snooze';
    case 'Enter':
      return 'open';
    default:
      return null;
  }
}
