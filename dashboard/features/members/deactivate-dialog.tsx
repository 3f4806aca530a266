import type { DeactivateMember, MemberDetail } from '@contract/people';
import type { Team } from '@contract/teams';
import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Dialog, DialogActions } from '../../ui/dialog';
import type { MembersModel } from './manage-model';

type Choice = DeactivateMember['leads']['action'];

/**
 * Deactivating a member: their open leads go to one person, round-robin over a team's other active
 * members, or stay unassigned (admins are notified).
 */
export function DeactivateDialog({
  model,
  target,
}: {
  model: MembersModel;
  target: Signal<MemberDetail | null>;
}) {
  const { api } = useApp();
  const choice = useSignal<Choice>('unassign');
  const to = useSignal('');
  const teams = useSignal<Team[]>([]);
  const teamId = useSignal('');
  const member = target.value;
  const others = model.assignable.value.filter((m) => m.id !== member?.id);
  // A team can take the leads when someone other than the leaving member is active in it.
  const active = new Set(others.map((m) => m.id));
  const usable = teams.value.filter((team) => team.members.some((m) => active.has(m.id)));
  useEffect(() => {
    choice.value = 'unassign';
    to.value = others[0]?.id ?? '';
    if (!member) return;
    void api.people.listTeams().then((result) => {
      teams.value = result.ok ? result.data.items : [];
      teamId.value = teams.value[0]?.id ?? '';
    });
  }, [member?.id]);
  const team = usable.some((x) => x.id === teamId.value) ? teamId.value : (usable[0]?.id ?? '');
  const close = () => {
    target.value = null;
  };
  const confirm = (event: Event) => {
    event.preventDefault();
    if (!member) return;
    close();
    const leads: DeactivateMember['leads'] =
      choice.value === 'reassign' && to.value
        ? { action: 'reassign', to: to.value }
        : choice.value === 'round-robin' && team
          ? { action: 'round-robin', teamId: team }
          : { action: 'unassign' };
    void model.deactivate(api.people, member.id, { leads }).then((result) => {
      // Each heir's open leads changed: the counts are read again.
      if (result.ok && leads.action === 'round-robin') void model.load(api.people);
    });
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
            <label class="check">
              <input
                type="radio"
                name="leads"
                value="round-robin"
                checked={choice.value === 'round-robin'}
                disabled={usable.length === 0}
                aria-describedby={usable.length === 0 ? 'deactivate-no-team' : undefined}
                onChange={() => {
                  choice.value = 'round-robin';
                }}
              />
              {t('settings.members.spreadOverTeam')}
            </label>
            {usable.length === 0 && (
              <p class="hint" id="deactivate-no-team">
                {t('settings.members.noTeam')}
              </p>
            )}
            <label for="deactivate-team">{t('settings.members.spreadTeam')}</label>
            <select
              id="deactivate-team"
              value={team}
              disabled={choice.value !== 'round-robin'}
              onChange={(event) => {
                teamId.value = event.currentTarget.value;
              }}
            >
              {usable.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
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
