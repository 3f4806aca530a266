import type { MemberDetail } from '@contract/people';
import type { Role } from '@contract/session';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDateTime, locale, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { GatedButton } from '../../ui/gated-button';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { DeactivateDialog } from './deactivate-dialog';
import {
  grantableRoles,
  type MemberNotice,
  MembersModel,
  memberPermission,
  offboardPermission,
  ROLES,
} from './manage-model';

const DEACTIVATED = {
  reassign: 'settings.members.done.deactivatedReassigned',
  'round-robin': 'settings.members.done.deactivatedSpread',
  unassign: 'settings.members.done.deactivatedUnassigned',
} as const;

function noticeText(notice: MemberNotice): string {
  switch (notice.kind) {
    case 'role':
      return t('settings.members.done.role', { name: notice.name, role: t(`role.${notice.role}`) });
    case 'deactivated':
      return t(DEACTIVATED[notice.action], { name: notice.name, count: notice.count });
    case 'reactivated':
      return t('settings.members.done.reactivated', { name: notice.name });
    case 'removed':
      return t('settings.members.done.removed', { name: notice.name });
  }
}

/** Members: who they are, their role and status, and what an admin or owner may change. */
export function MembersPage() {
  const { api, session } = useApp();
  const model = useMemo(() => new MembersModel(), []);
  const deactivating = useSignal<MemberDetail | null>(null);
  const removing = useSignal<MemberDetail | null>(null);
  useEffect(() => {
    void model.load(api.people);
  }, [api, model]);
  const caller = session.session.value;
  if (!caller) return null;
  const me = { role: caller.role, userId: caller.user.id };
  const title = t('settings.members.title');
  const remove = () => {
    const member = removing.value;
    removing.value = null;
    if (member) void model.remove(api.people, member.id);
  };
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      <ul class="people">
        {model.items.value.map((member) => (
          <MemberCard
            key={member.id}
            model={model}
            member={member}
            me={me}
            onDeactivate={() => {
              deactivating.value = member;
            }}
            onRemove={() => {
              removing.value = member;
            }}
          />
        ))}
      </ul>
      <DeactivateDialog model={model} target={deactivating} />
      <ConfirmDialog
        target={removing}
        title={(m) => t('settings.members.removeTitle', { name: m.name })}
        titleId="remove-member-title"
        label={t('settings.members.remove')}
        onConfirm={remove}
      >
        <p>{t('settings.members.removeBody')}</p>
      </ConfirmDialog>
    </>
  );
}

type CardProps = {
  model: MembersModel;
  member: MemberDetail;
  me: { role: Role; userId: string };
  onDeactivate: () => void;
  onRemove: () => void;
};

function MemberCard({ model, member, me, onDeactivate, onRemove }: CardProps) {
  const { api } = useApp();
  const role = useSignal<Role>(member.role);
  const manage = memberPermission(me, member);
  const offboard = offboardPermission(me, member);
  const busy = model.busy.value === member.id;
  const id = `member-${member.id}`;
  // The caller's own grantable roles, plus the member's current one so the picker shows it.
  const roles = ROLES.filter((r) => r === member.role || grantableRoles(me.role).includes(r));
  const active = member.status === 'active';
  return (
    <li class="person-card">
      <h2 class="person-card__name" id={`${id}-name`} dir="auto">
        {member.name}
      </h2>
      <dl class="person-card__facts">
        <div>
          <dt>{t('settings.members.email')}</dt>
          <dd dir="auto">{member.email}</dd>
        </div>
        <div>
          <dt>{t('settings.members.role')}</dt>
          <dd>{t(`role.${member.role}`)}</dd>
        </div>
        <div>
          <dt>{t('settings.members.status')}</dt>
          <dd>{t(active ? 'settings.members.active' : 'settings.members.deactivated')}</dd>
        </div>
        <div>
          <dt>{t('settings.members.lastSignIn')}</dt>
          <dd>
            {member.lastSignInAt ? (
              <time dateTime={member.lastSignInAt}>{formatDateTime(member.lastSignInAt)}</time>
            ) : (
              t('settings.members.never')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('settings.members.openLeads')}</dt>
          <dd>{new Intl.NumberFormat(locale.value).format(member.openLeads)}</dd>
        </div>
      </dl>
      <form
        class="person-card__actions"
        onSubmit={(event) => {
          event.preventDefault();
          if (role.value === member.role) return;
          // A refused change (the last owner) puts the picker back on the role the member still has.
          void model.changeRole(api.people, member.id, role.value).then((result) => {
            if (!result.ok) role.value = member.role;
          });
        }}
      >
        <label for={`${id}-role`}>{t('settings.members.newRole')}</label>
        <select
          id={`${id}-role`}
          value={role.value}
          disabled={!manage.allowed || busy}
          aria-describedby={manage.allowed ? undefined : `${id}-reason`}
          onChange={(event) => {
            role.value = event.currentTarget.value as Role;
          }}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <button
          type="submit"
          class="button"
          disabled={!manage.allowed || busy}
          aria-describedby={manage.allowed ? undefined : `${id}-reason`}
        >
          {t('settings.members.changeRole')}
        </button>
        {active ? (
          <GatedButton
            class="button"
            allowed={offboard.allowed}
            busy={busy}
            reasonId={`${id}-reason`}
            onClick={onDeactivate}
          >
            {t('settings.members.deactivate')}
          </GatedButton>
        ) : (
          <GatedButton
            class="button"
            allowed={manage.allowed}
            busy={busy}
            reasonId={`${id}-reason`}
            onClick={() => void model.reactivate(api.people, member.id)}
          >
            {t('settings.members.reactivate')}
          </GatedButton>
        )}
        <GatedButton
          class="button"
          allowed={offboard.allowed}
          busy={busy}
          reasonId={`${id}-reason`}
          onClick={onRemove}
        >
          {t('settings.members.remove')}
        </GatedButton>
      </form>
      {!offboard.allowed && (
        <p class="hint" id={`${id}-reason`}>
          {t(offboard.reason)}
        </p>
      )}
    </li>
  );
}
