import type { Invitation } from '@contract/people';
import type { Role } from '@contract/session';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { fieldErrorsAt } from '../../api/field-errors';
import type { FieldError, Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDateTime, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { grantableRoles } from '../members/manage-model';
import { type InvitationNotice, InvitationsModel } from './model';

/** Problems the invite form shows on its own fields rather than in the page's alert. */
function onInviteField(problem: Problem): boolean {
  return Boolean(problem.errors?.length) || FIELD_CODES.has(problem.code);
}
const FIELD_CODES = new Set(['already-member', 'invitation-pending']);

function noticeText(notice: InvitationNotice): string {
  return t(`settings.invitations.done.${notice.kind}`, { email: notice.email });
}

/** Invitations: invite by email with a role, and the open invitations with resend and revoke. */
export function InvitationsPage() {
  const { api, session } = useApp();
  const model = useMemo(() => new InvitationsModel(), []);
  const revoking = useSignal<Invitation | null>(null);
  useEffect(() => {
    void model.load(api.people);
  }, [api, model]);
  const caller = session.session.value;
  if (!caller) return null;
  const title = t('settings.invitations.title');
  const revoke = () => {
    const invitation = revoking.value;
    revoking.value = null;
    if (invitation) void model.revoke(api.people, invitation.id);
  };
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <InviteForm model={model} roles={grantableRoles(caller.role)} />
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {model.problem.value && !onInviteField(model.problem.value) && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      <h2>{t('settings.invitations.pending')}</h2>
      {!model.loading.value && model.items.value.length === 0 && <p>{t('settings.invitations.none')}</p>}
      <ul class="people">
        {model.items.value.map((invitation) => {
          const busy = model.busy.value === invitation.id;
          const id = `invitation-${invitation.id}`;
          return (
            <li key={invitation.id} class="person-card">
              <h3 class="person-card__name" id={`${id}-email`} dir="auto">
                {invitation.email}
              </h3>
              <dl class="person-card__facts">
                <div>
                  <dt>{t('settings.members.role')}</dt>
                  <dd>{t(`role.${invitation.role}`)}</dd>
                </div>
                <div>
                  <dt>{t('settings.invitations.invitedBy')}</dt>
                  <dd dir="auto">{invitation.invitedBy?.name ?? '–'}</dd>
                </div>
                <div>
                  <dt>{t('settings.invitations.expires')}</dt>
                  <dd>
                    <time dateTime={invitation.expiresAt}>{formatDateTime(invitation.expiresAt)}</time>
                  </dd>
                </div>
              </dl>
              <div class="person-card__actions">
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  aria-describedby={`${id}-email`}
                  onClick={() => void model.resend(api.people, invitation.id)}
                >
                  {t('settings.invitations.resend')}
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  aria-describedby={`${id}-email`}
                  onClick={() => {
                    revoking.value = invitation;
                  }}
                >
                  {t('settings.invitations.revoke')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        target={revoking}
        title={(i) => t('settings.invitations.revokeTitle', { email: i.email })}
        titleId="revoke-invitation-title"
        label={t('settings.invitations.revoke')}
        onConfirm={revoke}
      >
        <p>{t('settings.invitations.revokeBody')}</p>
      </ConfirmDialog>
    </>
  );
}

/** The invite form: an address and a role (the owner role only offered to owners). */
function InviteForm({ model, roles }: { model: InvitationsModel; roles: Role[] }) {
  const { api } = useApp();
  const email = useSignal('');
  const role = useSignal<string>('member');
  const errors = useSignal<{ email?: FieldError; role?: FieldError }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value === 'new') return;
    errors.value = {};
    const result = await model.invite(api.people, email.value.trim(), role.value as Role);
    if (result.ok) {
      email.value = '';
      return;
    }
    errors.value = fieldErrorsAt(result.problem, { '/email': 'email', '/role': 'role' } as const);
    if (errors.value.email || FIELD_CODES.has(result.problem.code))
      document.getElementById('invite-email')?.focus();
  };
  const problem = model.problem.value;
  const emailError = errors.value.email
    ? fieldErrorMessage(errors.value.email)
    : problem && FIELD_CODES.has(problem.code)
      ? t(problemMessageKey(problem))
      : null;
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <h2>{t('settings.invitations.new')}</h2>
      <TextField
        id="invite-email"
        name="email"
        type="email"
        inputMode="email"
        autocomplete="off"
        spellcheck={false}
        label={t('settings.invitations.email')}
        error={emailError}
        bind={email}
      />
      <SelectField
        id="invite-role"
        label={t('settings.members.role')}
        bind={role}
        error={errors.value.role && fieldErrorMessage(errors.value.role)}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </SelectField>
      <button type="submit" class="button button--primary" disabled={model.busy.value === 'new'}>
        {t('settings.invitations.send')}
      </button>
    </form>
  );
}
