import type { NotifyNewLeads } from '@contract/people';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { chooseLocale, LOCALES, locale, t } from '../../i18n';
import { isLocale } from '../../i18n/locale';
import { LocaleOptions } from '../../ui/language-switcher';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { TimeZoneField } from '../../ui/time-zone-field';
import { MyAbsence } from '../routing/absence';
import { AccountModel, type AccountNotice, type PasswordField, type ProfileField } from './model';
import { MySessions } from './my-sessions';
import '../settings/settings.css';

const NOTIFY_CHOICES = ['assigned', 'claimable', 'off'] as const satisfies readonly NotifyNewLeads[];

function noticeText(notice: AccountNotice): string {
  switch (notice.kind) {
    case 'profile-saved':
      return t('account.profileSaved');
    case 'password-changed':
      return t('account.passwordChanged');
    case 'session-ended':
      return t('account.session.ended');
    default:
      return t('account.signedOutElsewhere', { count: notice.count });
  }
}

/** My account: who I am, my language and time zone, a new password, and where I am signed in. */
export function AccountPage() {
  const { api, session, storage } = useApp();
  const model = useMemo(() => new AccountModel(), []);
  const current = useSignal('');
  const next = useSignal('');
  const me = session.session.value;
  const name = useSignal(me?.user.name ?? '');
  const language = useSignal(isLocale(me?.user.locale ?? '') ? me!.user.locale : locale.value);
  // '' stands for "the organization's".
  const zone = useSignal(me?.user.timezone ?? '');
  useEffect(() => {
    void model.loadSessions(api.people);
  }, [api, model]);
  // Whether a task falling due also sends an email: as stored (null until read), and as ticked.
  const storedReminder = useSignal<boolean | null>(null);
  const reminder = useSignal(false);
  // Which new inbound leads I am told of: as stored (null until read), and as chosen.
  const storedNotify = useSignal<NotifyNewLeads | null>(null);
  const notify = useSignal<NotifyNewLeads>('assigned');
  useEffect(() => {
    void api.people.getAccount().then((r) => {
      if (!r.ok) return;
      storedReminder.value = r.data.taskReminderEmail;
      reminder.value = r.data.taskReminderEmail;
      storedNotify.value = r.data.notifyNewLeads;
      notify.value = r.data.notifyNewLeads;
    });
  }, [api, storedReminder, reminder, storedNotify, notify]);
  if (!me) return null;
  const title = t('account.title');
  const saveProfile = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value) return;
    const chosen = language.value;
    const timezone = zone.value || null;
    const result = await model.saveProfile(api.people, {
      ...(name.value !== me.user.name && { name: name.value }),
      ...(isLocale(chosen) && chosen !== me.user.locale && { language: chosen }),
      ...(timezone !== me.user.timezone && { timezone }),
      ...(storedReminder.value !== null &&
        reminder.value !== storedReminder.value && { taskReminderEmail: reminder.value }),
      ...(storedNotify.value !== null &&
        notify.value !== storedNotify.value && { notifyNewLeads: notify.value }),
    });
    if (!result.ok) {
      const first = (['name', 'language', 'timezone'] as const).find((f) => model.fieldErrors.value[f]);
      if (first) document.getElementById(`account-${first}`)?.focus();
      return;
    }
    const { name: savedName, language: savedLanguage, timezone: savedZone } = result.data;
    storedReminder.value = result.data.taskReminderEmail;
    storedNotify.value = result.data.notifyNewLeads;
    session.adopt({
      ...me,
      user: { ...me.user, name: savedName, locale: savedLanguage, timezone: savedZone },
      timezone: savedZone ?? me.organization.timezone,
    });
    if (isLocale(savedLanguage)) void chooseLocale(savedLanguage, storage);
  };
  const errorText = (field: PasswordField | ProfileField) => {
    const error = model.fieldErrors.value[field];
    return error ? fieldErrorMessage(error) : null;
  };
  const change = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value) return;
    const result = await model.changePassword(api.people, {
      currentPassword: current.value,
      newPassword: next.value,
    });
    if (result.ok) {
      current.value = '';
      next.value = '';
      return;
    }
    const first = (['currentPassword', 'newPassword'] as const).find((f) => model.fieldErrors.value[f]);
    if (first) document.getElementById(`account-${first}`)?.focus();
  };
  return (
    <div class="login">
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <dl class="person-card__facts">
        <div>
          <dt>{t('settings.members.email')}</dt>
          <dd dir="auto">{me.user.email}</dd>
        </div>
        <div>
          <dt>{t('settings.members.role')}</dt>
          <dd>{t(`role.${me.role}`)}</dd>
        </div>
      </dl>
      <p class="toolbar__status" aria-live="polite">
        {model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {model.problem.value && !model.problem.value.errors?.length && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      <form class="form" noValidate onSubmit={saveProfile}>
        <h2>{t('account.profileTitle')}</h2>
        <TextField
          id="account-name"
          name="name"
          autocomplete="name"
          label={t('account.name')}
          error={errorText('name')}
          bind={name}
        />
        <SelectField
          id="account-language"
          label={t('account.language')}
          bind={language}
          error={errorText('language')}
        >
          <LocaleOptions locales={LOCALES} />
        </SelectField>
        <TimeZoneField
          id="account-timezone"
          label={t('account.timezone')}
          bind={zone}
          error={errorText('timezone')}
          inherit={t('account.timezoneOrganization', { zone: me.organization.timezone })}
        />
        <p class="hint">{t('account.timezoneHint')}</p>
        <label class="check">
          <input
            type="checkbox"
            checked={reminder.value}
            disabled={storedReminder.value === null}
            onChange={(event) => {
              reminder.value = event.currentTarget.checked;
            }}
          />
          {t('account.taskReminderEmail')}
        </label>
        <fieldset class="choices" disabled={storedNotify.value === null}>
          <legend>{t('account.notifyNewLeads')}</legend>
          {NOTIFY_CHOICES.map((choice) => (
            <label key={choice} class="check">
              <input
                type="radio"
                name="notifyNewLeads"
                value={choice}
                checked={notify.value === choice}
                onChange={() => {
                  notify.value = choice;
                }}
              />
              {t(`account.notifyNewLeads.${choice}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button button--primary" disabled={model.busy.value}>
          {t('account.saveProfile')}
        </button>
      </form>
      <form class="form" noValidate onSubmit={change}>
        <h2>{t('account.passwordTitle')}</h2>
        <input type="hidden" name="username" autocomplete="username" value={me.user.email} />
        <TextField
          id="account-currentPassword"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          label={t('account.currentPassword')}
          error={errorText('currentPassword')}
          bind={current}
        />
        <TextField
          id="account-newPassword"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          label={t('account.newPassword')}
          error={errorText('newPassword')}
          bind={next}
        />
        <p class="hint">{t('account.passwordHint')}</p>
        <p class="hint">{t('account.passwordEndsSessions')}</p>
        <button type="submit" class="button button--primary" disabled={model.busy.value}>
          {t('account.changePassword')}
        </button>
      </form>
      {me.role !== 'viewer' && <MyAbsence userId={me.user.id} />}
      <MySessions model={model} />
    </div>
  );
}
