import type { MemberDetail } from '@contract/people';
import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Dialog, DialogActions } from '../../ui/dialog';
import type { MembersModel } from './manage-model';

/** Deactivating a member: their open leads go to one person, or stay unassigned (admins are notified). */
export function DeactivateDialog({
  model,
  target,
}: {
  model: MembersModel;
  target: Signal<MemberDetail | null>;
}) {
  const { api } = useApp();
  const choice = useSignal<'reassign' | 'unassign'>('unassign');
  const to = useSignal('');
  const member = target.value;
  const others = model.assignable.value.filter((m) => m.id !== member?.id);
  useEffect(() => {
    choice.value = 'unassign';
    to.value = others[0]?.id ?? '';
  }, [member?.id]);
  const close = () => {
    target.value = null;
  };
  const confirm = (event: Event) => {
    event.preventDefault();
    if (!member) return;
    close();
    const leads =
      choice.value === 'reassign' && to.value
        ? ({ action: 'reassign', to: to.value } as const)
        : ({ action: 'unassign' } as const);
    void model.deactivate(api.people, member.id, { leads });
  };
  return (
    <Dialog
      open={member !== null}
      onClose={close}
      title={member ? t('settings.members.deactivateTitle', { name: member.name }) : ''}
      titleId="deactivate-member-title"
    >
      {member && (
        <form class="form" onSubmit={confirm}>
          <p>{t('settings.members.deactivateBody', { count: member.openLeads })}</p>
          <fieldset class="field-row">
            <legend>{t('settings.members.leadsLegend')}</legend>
            <label class="check">
              <input
                type="radio"
                name="leads"
                value="unassign"
                checked={choice.value === 'unassign'}
                onChange={() => {
                  choice.value = 'unassign';
                }}
              />
              {t('settings.members.leaveUnassigned')}
            </label>
            <label class="check">
              <input
                type="radio"
                name="leads"
                value="reassign"
                checked={choice.value === 'reassign'}
                disabled={others.length === 0}
                onChange={() => {
                  choice.value = 'reassign';
                }}
              />
              {t('settings.members.reassignTo')}
            </label>
            <label for="deactivate-to">{t('settings.members.reassignPerson')}</label>
            <select
              id="deactivate-to"
              value={to.value}
              disabled={choice.value !== 'reassign'}
              onChange={(event) => {
                to.value = event.currentTarget.value;
              }}
            >
              {others.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </fieldset>
          <DialogActions label={t('settings.members.deactivate')} onCancel={close} />
        </form>
      )}
    </Dialog>
  );
}
