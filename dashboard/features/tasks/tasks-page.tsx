import { TASK_BUCKETS, type Task, type TaskBucket } from '@contract/tasks';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { locale, t } from '../../i18n';
import { Link, navigate } from '../../router';
import { leadPath } from '../../routes';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { isTypingTarget, stepRow } from '../../ui/row-keys';
import { type Shortcut, ShortcutsDialog } from '../leads/shortcuts-dialog';
import { type TaskShortcut, TasksModel, taskShortcut } from './model';
import { type SnoozeChoice, SnoozeMenu } from './snooze-menu';
import './tasks.css';

const TASK_SHORTCUTS: readonly Shortcut[] = [
  ['J / ↓', 'tasks.shortcut.next'],
  ['K / ↑', 'tasks.shortcut.previous'],
  ['X', 'tasks.shortcut.toggle'],
  ['S', 'tasks.shortcut.snooze'],
  ['Enter', 'tasks.shortcut.open'],
  ['?', 'leads.shortcut.help'],
];

const ROW = 'li[data-task-id]';

/** A task's title as shown: its own, or the default follow-up in the reader's language. */
export function taskTitle(task: Pick<Task, 'title'>): string {
  return task.title ?? t('tasks.followUp');
}

type Actions = {
  toggle: (task: Task) => void;
  snooze: (task: Task, choice: SnoozeChoice) => void;
};

/** "My tasks": overdue, today and upcoming, worked from the keyboard (j/k, x, s, Enter). */
export function TasksPage() {
  const { api } = useApp();
  const model = useMemo(() => new TasksModel(), []);
  const status = useSignal('');
  const help = useSignal(false);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void model.load(api);
  }, [api, model]);

  const zone = model.timeZone.value;
  const format = (iso: string) =>
    new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
      new Date(iso),
    );

  const actions: Actions = {
    toggle: async (task) => {
      const done = !task.done;
      if (await model.setDone(api, task, done))
        status.value = t(done ? 'tasks.status.done' : 'tasks.status.undone', { title: taskTitle(task) });
    },
    snooze: async (task, choice) => {
      if (!(await model.snooze(api, task, choice))) return;
      const moved = model.rows.value.find((x) => x.id === task.id);
      status.value = t('tasks.status.snoozed', { title: taskTitle(task), time: format(moved!.dueAt) });
      listRef.current?.querySelector<HTMLElement>(`${ROW}[data-task-id="${task.id}"]`)?.focus();
    },
  };

  useTaskShortcuts(listRef, model, actions, () => {
    help.value = true;
  });

  const buckets = model.buckets.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('tasks.title') })}>
        {t('tasks.title')}
      </PageHeading>
      <p class="hint">{t('tasks.keyboardHint')}</p>
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('tasks.loading') : status.value}
      </p>
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      <div ref={listRef}>
        {!model.loading.value &&
          TASK_BUCKETS.map((bucket) => (
            <section key={bucket} class="task-bucket" aria-labelledby={`tasks-${bucket}`}>
              <h2 id={`tasks-${bucket}`}>
                {t(`tasks.bucket.${bucket}`)}{' '}
                <span class="task-bucket__count">
                  {t(model.cursors.value[bucket] ? 'tasks.countMore' : 'tasks.count', {
                    n: buckets[bucket].length,
                  })}
                </span>
              </h2>
              {buckets[bucket].length === 0 ? (
                <p>{t(`tasks.empty.${bucket}`)}</p>
              ) : (
                <ul class="task-list">
                  {buckets[bucket].map((task) => (
                    <TaskRow
                      key={task.id}
                      task={task}
                      bucket={bucket}
                      due={format(task.dueAt)}
                      zone={zone ?? 'UTC'}
                      actions={actions}
                    />
                  ))}
                </ul>
              )}
              {model.cursors.value[bucket] && (
                <button
                  type="button"
                  class="button button--quiet"
                  disabled={model.loadingMore.value !== null}
                  onClick={() => void model.loadMore(api, bucket)}
                >
                  {t('tasks.more')}
                </button>
              )}
            </section>
          ))}
      </div>
      <ShortcutsDialog
        open={help.value}
        onClose={() => {
          help.value = false;
        }}
        shortcuts={TASK_SHORTCUTS}
      />
    </>
  );
}

/** Page-wide keys, except while typing or inside an open snooze menu (Escape closes it). */
function useTaskShortcuts(
  listRef: { current: HTMLDivElement | null },
  model: TasksModel,
  actions: Actions,
  openHelp: () => void,
) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      const menu = target?.closest?.('details[open]') as HTMLDetailsElement | null;
      if (menu) {
        if (event.key === 'Escape') closeMenu(menu);
        return;
      }
      if (isTypingTarget(target) || target?.closest?.('dialog')) return;
      if (event.key === '?') {
        openHelp();
        return;
      }
      const action = taskShortcut(event.key);
      if (!action || !listRef.current) return;
      const rows = Array.from(listRef.current.querySelectorAll<HTMLElement>(ROW));
      const focused = document.activeElement?.closest<HTMLElement>(ROW) ?? null;
      const task = focused ? model.rows.value.find((x) => x.id === focused.dataset.taskId) : undefined;
      run(action, { event, rows, focused, task, actions: latest.current });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [listRef, model, openHelp]);
}

function run(
  action: TaskShortcut,
  c: {
    event: KeyboardEvent;
    rows: HTMLElement[];
    focused: HTMLElement | null;
    task?: Task;
    actions: Actions;
  },
) {
  if (action === 'next' || action === 'previous') {
    if (c.rows.length === 0) return;
    const index = c.focused ? c.rows.indexOf(c.focused) : -1;
    c.event.preventDefault();
    c.rows[stepRow(index, action === 'next' ? 1 : -1, c.rows.length)]?.focus();
    return;
  }
  if (!c.focused || !c.task) return;
  // Enter on the row itself opens the lead; on a link or button inside it, that control acts.
  if (action === 'open') {
    if (c.event.target !== c.focused) return;
    c.event.preventDefault();
    navigate(leadPath(c.task.lead.id));
    return;
  }
  c.event.preventDefault();
  if (action === 'toggle') c.actions.toggle(c.task);
  else openMenu(c.focused.querySelector('details'));
}

function openMenu(menu: HTMLDetailsElement | null) {
  if (!menu) return;
  menu.open = true;
  menu.querySelector<HTMLElement>('button')?.focus();
}

function closeMenu(menu: HTMLDetailsElement) {
  menu.open = false;
  menu.querySelector('summary')?.focus();
}

function TaskRow({
  task,
  bucket,
  due,
  zone,
  actions,
}: {
  task: Task;
  bucket: TaskBucket;
  due: string;
  zone: string;
  actions: Actions;
}) {
  const overdue = bucket === 'overdue' && !task.done;
  const checkbox = `task-done-${task.id}`;
  const lead = [task.lead.name, task.lead.company].filter(Boolean).join(', ');
  return (
    <li
      tabIndex={-1}
      data-task-id={task.id}
      class={`task-row${overdue ? ' task-row--overdue' : ''}${task.done ? ' task-row--done' : ''}`}
    >
      <input
        id={checkbox}
        type="checkbox"
        checked={task.done}
        disabled={!task.canEdit}
        onChange={() => actions.toggle(task)}
      />
      <label for={checkbox} class="task-row__title" dir="auto">
        {taskTitle(task)}
      </label>
      <span class="task-row__lead">
        <span class="visually-hidden">{t('tasks.lead')}: </span>
        <Link href={leadPath(task.lead.id)} dir="auto">
          {lead}
        </Link>
      </span>
      <span class="task-row__due">
        {overdue && <strong class="task-row__overdue">{t('tasks.overdue')}</strong>}{' '}
        <time dateTime={task.dueAt}>{due}</time>
      </span>
      {task.canEdit && !task.done && (
        <SnoozeMenu zone={zone} onPick={(choice) => actions.snooze(task, choice)} />
      )}
    </li>
  );
}
