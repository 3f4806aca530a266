import type { Task } from '@contract/tasks';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { locale, t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';
import { taskTitle } from '../tasks/tasks-page';

/**
 * A lead's tasks: open ones by due time, then done ones; a done box each, and an "Add task" form whose
 * empty fields take the server's defaults ("Follow up", tomorrow 9:00 for the lead's owner).
 */
export function TasksPanel({ leadId, canAdd }: { leadId: string; canAdd: boolean }) {
  const { api } = useApp();
  const items = useSignal<Task[]>([]);
  const problem = useSignal<Problem | null>(null);
  const status = useSignal('');
  const title = useSignal('');

  const load = async () => {
    const result = await api.tasks.forLead(leadId);
    if (result.ok) items.value = result.data.items;
    else problem.value = result.problem;
  };
  useEffect(() => {
    void load();
  }, [leadId]);

  const add = async (event: Event) => {
    event.preventDefault();
    problem.value = null;
    const text = title.value.trim();
    const result = await api.tasks.create(leadId, text ? { title: text } : {});
    if (!result.ok) {
      problem.value = result.problem;
      return;
    }
    title.value = '';
    status.value = t('lead.tasks.added', { title: taskTitle(result.data) });
    await load();
  };
  const toggle = async (task: Task) => {
    const result = await api.tasks.setDone(task.id, !task.done);
    if (!result.ok) {
      problem.value = result.problem;
      return;
    }
    status.value = t(result.data.done ? 'tasks.status.done' : 'tasks.status.undone', {
      title: taskTitle(task),
    });
    items.value = items.value.map((x) => (x.id === task.id ? result.data : x));
  };
  const when = new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section aria-labelledby="lead-tasks-heading" class="panel">
      <h2 id="lead-tasks-heading">{t('lead.tasks.title')}</h2>
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
            <li key={task.id} class={`task-row${task.done ? ' task-row--done' : ''}`}>
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
                <time dateTime={task.dueAt}>{when.format(new Date(task.dueAt))}</time>
                {task.assignee && <span dir="auto"> · {task.assignee.name}</span>}
              </span>
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
    </section>
  );
}
