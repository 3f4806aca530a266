import type { Task, UpdateTask } from '@contract/tasks';
import { useSignal } from '@preact/signals';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Dialog, DialogActions } from '../../ui/dialog';
import { problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { assigneeChoices, useMembers } from '../members/members';
import { localInstant, localValue } from '../tasks/local-time';
import { taskTitle } from '../tasks/tasks-page';

type TaskEditDialogProps = {
  task: Task;
  /** The person's time zone: the due field shows and reads wall time in it. */
  zone: string;
  onClose: () => void;
  onSaved: (task: Task) => void;
};

/**
 * Edits a task's title, due time and assignee; only what changed is sent (a new due time or assignee
 * re-arms the reminder on the server). An empty title goes back to the default "Follow up".
 */
export function TaskEditDialog({ task, zone, onClose, onSaved }: TaskEditDialogProps) {
  const { api } = useApp();
  const members = useMembers(api);
  const title = useSignal(task.title ?? '');
  const due = useSignal(localValue(task.dueAt, zone));
  const assignee = useSignal(task.assignee?.id ?? '');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const dueInvalid = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy.value) return;
    const dueAt = localInstant(due.value, zone);
    dueInvalid.value = dueAt === null;
    if (!dueAt) return document.getElementById('task-edit-due')?.focus();
    const change: UpdateTask = {};
    const text = title.value.trim();
    if (text !== (task.title ?? '')) change.title = text || null;
    if (Date.parse(dueAt) !== Date.parse(task.dueAt)) change.dueAt = dueAt;
    if (assignee.value && assignee.value !== task.assignee?.id) change.assigneeId = assignee.value;
    if (Object.keys(change).length === 0) return onClose();
    busy.value = true;
    error.value = null;
    const result = await api.tasks.update(task.id, change);
    busy.value = false;
    if (result.ok) return onSaved(result.data);
    error.value = t(problemMessageKey(result.problem));
  };

  const choices = assigneeChoices(members.value ?? [], task.assignee);
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('lead.tasks.editTitle', { title: taskTitle(task) })}
      titleId="task-edit-title"
    >
      <form class="form" onSubmit={submit} noValidate>
        <TextField
          id="task-edit-name"
          label={t('lead.tasks.field.title')}
          bind={title}
          maxLength={200}
          placeholder={t('tasks.followUp')}
        />
        <TextField
          id="task-edit-due"
          label={t('lead.tasks.field.due')}
          type="datetime-local"
          bind={due}
          required
          error={dueInvalid.value && t('lead.tasks.field.dueRequired')}
        />
        <SelectField
          id="task-edit-assignee"
          label={t('lead.tasks.field.assignee')}
          bind={assignee}
          disabled={members.value === null}
        >
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <div role="alert">{error.value && <p class="notice notice--error">{error.value}</p>}</div>
        <DialogActions label={t('lead.tasks.save')} onCancel={onClose} busy={busy.value} />
      </form>
    </Dialog>
  );
}
