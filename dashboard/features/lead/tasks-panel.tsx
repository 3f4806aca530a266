import type { Task } from '@contract/tasks';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { refetchOn } from '../../api/live';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { locale, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { focusAfterRender } from '../../ui/focus';
import { problemMessageKey } from '../../ui/problem-message';
import { type SnoozeChoice, SnoozeMenu } from '../tasks/snooze-menu';
import { taskTitle } from '../tasks/tasks-page';
import { TaskEditDialog } from './task-edit-dialog';

/**
 * A lead's tasks: open ones by due time, then done ones; a done box each, snooze, edit and delete for
 * those who may change it, and an "Add task" form whose empty fields take the server's defaults ("Follow
 * up", tomorrow 9:00 for the lead's owner). Changes made elsewhere (the lead event each records) show live.
 */
export function TasksPanel({ leadId, canAdd }: { leadId: string; canAdd: boolean }) {
  const { api, live } = useApp();
  const items = useSignal<Task[]>([]);
  const problem = useSignal<Problem | null>(null);
  const status = useSignal('');
  const title = useSignal('');
  const zone = useSignal<string>(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const editing = useSignal<Task | null>(null);
  const deleting = useSignal<Task | null>(null);

  const load = async () => {
    const result = await api.tasks.forLead(leadId);
    if (result.ok) items.value = result.data.items;
    else problem.value = result.problem;
  };
  useEffect(() => {
    void load();
    // Snooze presets and chosen times are the person's wall time, as on My tasks.
    void api.tasks.summary().then((r) => {
      if (r.ok) zone.value = r.data.timeZone;
    });
  }, [leadId]);
  useEffect(
    () =>
      refetchOn(
        live,
        (e) => e.type === 'lead.changed' && (e.leadId === undefined || e.leadId === leadId),
        () => void load(),
      ),
    [api, live, leadId],
  );

  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale.value, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: zone.value,
    }).format(new Date(iso));
  const failed = (result: { ok: false; problem: Problem }) => {
    problem.value = result.problem;
  };
  const replace = (task: Task) => {
    items.value = items.value.map((x) => (x.id === task.id ? task : x));
  };

  const add = async (event: Event) => {
    event.preventDefault();
    problem.value = null;
    const text = title.value.trim();
    const result = await api.tasks.create(leadId, text ? { title: text } : {});
    if (!result.ok) return failed(result);
    title.value = '';
    status.value = t('lead.tasks.added', { title: taskTitle(result.data) });
    await load();
  };
  const toggle = async (task: Task) => {
    const result = await api.tasks.setDone(task.id, !task.done);
    if (!result.ok) return failed(result);
    status.value = t(result.data.done ? 'tasks.status.done' : 'tasks.status.undone', {
      title: taskTitle(task),
    });
    replace(result.data);
  };
  const snooze = async (task: Task, choice: SnoozeChoice) => {
    const result = await api.tasks.snooze(task.id, choice);
    if (!result.ok) return failed(result);
    status.value = t('tasks.status.snoozed', { title: taskTitle(task), time: when(result.data.dueAt) });
    await load();
    focusAfterRender(`#lead-task-${task.id}`);
  };
  const remove = async () => {
    const task = deleting.value;
    if (!task) return;
    deleting.value = null;
    const result = await api.tasks.remove(task.id);
    if (!result.ok) return failed(result);
    status.value = t('lead.tasks.deleted', { title: taskTitle(task) });
    items.value = items.value.filter((x) => x.id !== task.id);
    focusAfterRender('#lead-tasks-heading');
  };

  return (
    <section aria-labelledby="lead-tasks-heading" class="panel">
      <h2 id="lead-tasks-heading" tabIndex={-1}>
        {t('lead.tasks.title')}
      </h2>
      <p class="toolbar__status" aria-live="polite">
        {status.value}
      </p>
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      {items.value.length === 0 ? (
        <p>{t('lead.tasks.empty')}</p>
      ) : (
        <ul class="task-list">
          {items.value.map((task) => (
            <li key={task.id} data-task-id={task.id} class={`task-row${task.done ? ' task-row--done' : ''}`}>
              <input
                id={`lead-task-${task.id}`}
                type="checkbox"
                checked={task.done}
                disabled={!task.canEdit}
                onChange={() => void toggle(task)}
              />
              <label for={`lead-task-${task.id}`} class="task-row__title" dir="auto">
                {taskTitle(task)}
              </label>
              <span class="task-row__due">
                <time dateTime={task.dueAt}>{when(task.dueAt)}</time>
                {task.assignee && <span dir="auto"> · {task.assignee.name}</span>}
              </span>
              {task.canEdit && (
                <span class="task-row__actions">
                  {!task.done && (
                    <SnoozeMenu
                      zone={zone.value}
                      label={t('lead.tasks.snoozeOne', { title: taskTitle(task) })}
                      onPick={(choice) => void snooze(task, choice)}
                    />
                  )}
                  <button
                    type="button"
                    class="button button--quiet"
                    aria-label={t('lead.tasks.editOne', { title: taskTitle(task) })}
                    onClick={() => {
                      editing.value = task;
                    }}
                  >
                    {t('lead.tasks.edit')}
                  </button>
                  <button
                    type="button"
                    class="button button--quiet"
                    aria-label={t('lead.tasks.deleteOne', { title: taskTitle(task) })}
                    onClick={() => {
                      deleting.value = task;
                    }}
                  >
                    {t('lead.tasks.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <form class="form" noValidate onSubmit={add}>
          <div class="field">
            <label for="lead-task-title">{t('lead.tasks.newTitle')}</label>
            <input
              id="lead-task-title"
              maxLength={200}
              placeholder={t('tasks.followUp')}
              aria-describedby="lead-task-hint"
              value={title.value}
              onInput={(event) => {
                title.value = event.currentTarget.value;
              }}
            />
            <p id="lead-task-hint" class="hint">
              {t('lead.tasks.defaults')}
            </p>
          </div>
          <button type="submit" class="button">
            {t('lead.tasks.add')}
          </button>
        </form>
      )}
      {editing.value && (
        <TaskEditDialog
          task={editing.value}
          zone={zone.value}
          onClose={() => {
            editing.value = null;
          }}
          onSaved={(task) => {
            editing.value = null;
            status.value = t('lead.tasks.saved', { title: taskTitle(task) });
            void load();
          }}
        />
      )}
      <ConfirmDialog
        target={deleting}
        title={(task) => t('lead.tasks.deleteTitle', { title: taskTitle(task) })}
        titleId="task-delete-title"
        label={t('lead.tasks.deleteConfirm')}
        onConfirm={() => void remove()}
      >
        <p>{t('lead.tasks.deleteBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
