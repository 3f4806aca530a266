import type { LeadDetail } from '@contract/leads';
import { useSignal } from '@preact/signals';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { focusAfterRender } from '../../ui/focus';
import { assigneeChoices, useMembers } from '../members/members';
import type { LeadModel } from './model';

type AssigneePickerProps = {
  lead: LeadDetail;
  model: LeadModel;
  /** Id of the reason the user may not change the lead; the picker is then not offered. */
  readOnlyId: string | null;
  onSaved: (message: string) => void;
};

/**
 * Who works the lead: a labelled select of the organization's assignable members (and "Unassigned")
 * with an Assign button, so moving through the options with the keyboard assigns nobody by accident.
 * A user who may not change the lead sees the assignee, described by the page's read-only reason.
 */
export function AssigneePicker({ lead, model, readOnlyId, onSaved }: AssigneePickerProps) {
  const { api } = useApp();
  const members = useMembers(api);
  const choice = useSignal<string | null>(null);
  const busy = useSignal(false);
  const assigned = lead.assignee?.id ?? '';
  const name = <span dir="auto">{lead.assignee?.name ?? t('leads.unassigned')}</span>;
  if (readOnlyId !== null)
    return (
      <span class="fact" aria-describedby={readOnlyId}>
        {name}
      </span>
    );

  const choices = assigneeChoices(members.value ?? [], lead.assignee);
  const selected = choice.value ?? assigned;
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    const ok = await model.assign(api, selected || null);
    busy.value = false;
    // The Assign button was disabled while saving (and stays so once assigned): back to the choice.
    focusAfterRender('#assignee-picker');
    if (!ok) return;
    choice.value = null;
    const to = choices.find((c) => c.id === selected)?.name;
    onSaved(to ? t('lead.assignee.assigned', { name: to }) : t('lead.assignee.unassigned'));
  };
  return (
    <form class="fact assignee-picker" onSubmit={submit}>
      <label for="assignee-picker" class="visually-hidden">
        {t('lead.field.assignee')}
      </label>
      <select
        id="assignee-picker"
        value={selected}
        disabled={members.value === null}
        onChange={(event) => {
          choice.value = event.currentTarget.value;
        }}
      >
        <option value="">{t('leads.unassigned')}</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit" class="button" disabled={busy.value || selected === assigned}>
        {t('lead.assignee.assign')}
      </button>
    </form>
  );
}
