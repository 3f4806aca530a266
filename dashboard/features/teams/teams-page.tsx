import type { Team } from '@contract/teams';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { fieldErrorsAt } from '../../api/field-errors';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { type TeamNotice, TeamsModel } from './model';

function noticeText(notice: TeamNotice): string {
  return 'member' in notice
    ? t(`settings.teams.done.${notice.kind}`, { team: notice.team, name: notice.member })
    : t(`settings.teams.done.${notice.kind}`, { team: notice.team });
}

/** The name field's message for a problem of `key`'s action: a taken name reads as such. */
function nameError(model: TeamsModel, key: string): string | null {
  const problem = model.problem.value;
  if (!problem || model.failed.value !== key) return null;
  const error = fieldErrorsAt(problem, { '/name': 'name' } as const).name;
  if (!error) return null;
  return error.code === 'duplicate' ? t('settings.teams.error.duplicate') : fieldErrorMessage(error);
}

/** Whether the page's alert shows a problem (field problems show on their field). */
function inAlert(problem: Problem): boolean {
  return !problem.errors?.some((e) => e.pointer === '/name');
}

/** Teams: the routing pools round-robin rules assign over, and who is in each. */
export function TeamsPage() {
  const { api } = useApp();
  const model = useMemo(() => new TeamsModel(), []);
  const deleting = useSignal<Team | null>(null);
  useEffect(() => {
    void model.load(api.people);
  }, [api, model]);
  const title = t('settings.teams.title');
  const problem = model.problem.value;
  const rules = problem?.code === 'team-in-use' ? (problem.rules ?? []) : [];
  const remove = () => {
    const team = deleting.value;
    deleting.value = null;
    if (team) void model.remove(api.people, team);
  };
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('settings.teams.intro')}</p>
      <CreateForm model={model} />
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {problem && inAlert(problem) && (
          <div class="notice notice--error">
            <p>{t(problemMessageKey(problem))}</p>
            {rules.length > 0 && (
              <ul>
                {rules.map((r) => (
                  <li key={r.id} dir="auto">
                    {r.name}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {!model.loading.value && model.items.value.length === 0 && <p>{t('settings.teams.none')}</p>}
      <ul class="people">
        {model.items.value.map((team) => (
          <TeamCard
            key={team.id}
            model={model}
            team={team}
            onDelete={() => {
              deleting.value = team;
            }}
          />
        ))}
      </ul>
      <ConfirmDialog
        target={deleting}
        title={(team) => t('settings.teams.deleteTitle', { team: team.name })}
        titleId="delete-team-title"
        label={t('settings.teams.delete')}
        onConfirm={remove}
      >
        <p>{t('settings.teams.deleteBody')}</p>
      </ConfirmDialog>
    </>
  );
}

function CreateForm({ model }: { model: TeamsModel }) {
  const { api } = useApp();
  const name = useSignal('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value === 'new') return;
    const result = await model.create(api.people, name.value);
    if (result.ok) name.value = '';
    else document.getElementById('team-new-name')?.focus();
  };
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <h2>{t('settings.teams.new')}</h2>
      <TextField
        id="team-new-name"
        name="name"
        autocomplete="off"
        maxLength={100}
        label={t('settings.teams.name')}
        error={nameError(model, 'new')}
        bind={name}
      />
      <button type="submit" class="button button--primary" disabled={model.busy.value === 'new'}>
        {t('settings.teams.create')}
      </button>
    </form>
  );
}

function TeamCard({ model, team, onDelete }: { model: TeamsModel; team: Team; onDelete: () => void }) {
  const { api } = useApp();
  const id = `team-${team.id}`;
  const name = useSignal(team.name);
  const joining = useSignal('');
  useEffect(() => {
    name.value = team.name;
  }, [team.name]);
  const inTeam = new Set(team.members.map((m) => m.id));
  const candidates = model.candidates.value.filter((m) => !inTeam.has(m.id));
  const pick = candidates.some((m) => m.id === joining.value) ? joining.value : (candidates[0]?.id ?? '');
  const busy = model.busy.value?.includes(team.id) ?? false;
  const renameKey = `rename:${team.id}`;
  return (
    <li class="person-card">
      <h2 class="person-card__name" id={`${id}-name`} dir="auto">
        {team.name}
      </h2>
      <form
        class="person-card__actions"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (name.value !== team.name) void model.rename(api.people, team.id, name.value);
        }}
      >
        <TextField
          id={`${id}-rename`}
          autocomplete="off"
          maxLength={100}
          label={t('settings.teams.newName')}
          error={nameError(model, renameKey)}
          bind={name}
        />
        <button type="submit" class="button" disabled={busy} aria-describedby={`${id}-name`}>
          {t('settings.teams.rename')}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={onDelete}
        >
          {t('settings.teams.delete')}
        </button>
      </form>
      <h3>{t('settings.teams.members')}</h3>
      {team.members.length === 0 ? (
        <p>{t('settings.teams.noMembers')}</p>
      ) : (
        <ul class="team-members">
          {team.members.map((member) => (
            <li key={member.id} class="team-members__item">
              <span dir="auto">{member.name}</span>
              {member.status !== 'active' && <span> ({t('settings.members.deactivated')})</span>}
              <label class="check">
                <input
                  type="checkbox"
                  checked={member.senior}
                  disabled={busy}
                  onChange={(event) =>
                    void model.setSenior(api.people, team.id, member.id, event.currentTarget.checked)
                  }
                />
                {t('settings.teams.senior', { name: member.name })}
              </label>
              <button
                type="button"
                class="button"
                disabled={busy}
                onClick={() => void model.removeMember(api.people, team.id, member.id)}
              >
                {t('settings.teams.removeMember', { name: member.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="person-card__actions"
        onSubmit={(event) => {
          event.preventDefault();
          if (pick) void model.addMember(api.people, team.id, pick);
        }}
      >
        <label for={`${id}-add`}>{t('settings.teams.addWho')}</label>
        <select
          id={`${id}-add`}
          value={pick}
          disabled={candidates.length === 0 || busy}
          aria-describedby={candidates.length === 0 ? `${id}-everyone` : undefined}
          onChange={(event) => {
            joining.value = event.currentTarget.value;
          }}
        >
          {candidates.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <button
          type="submit"
          class="button"
          disabled={candidates.length === 0 || busy}
          aria-describedby={candidates.length === 0 ? `${id}-everyone` : `${id}-name`}
        >
          {t('settings.teams.add')}
        </button>
      </form>
      {candidates.length === 0 && (
        <p class="hint" id={`${id}-everyone`}>
          {t('settings.teams.everyoneIn')}
        </p>
      )}
    </li>
  );
}
