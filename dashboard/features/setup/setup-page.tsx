import { type Signal, useSignal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { locale, type MessageKey, t } from '../../i18n';
import { isLocale } from '../../i18n/locale';
import { Link, navigate } from '../../router';
import { PATHS } from '../../routes';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { type SetupField, type SetupFieldError, setupFieldErrors } from './model';
import { OrganizationFields } from './organization-fields';
import { browserCountry, browserTimeZone } from './places';

const LABELS: Record<SetupField, MessageKey> = {
  token: 'setup.token',
  organization: 'setup.organization',
  country: 'setup.country',
  timezone: 'setup.timezone',
  name: 'setup.name',
  email: 'setup.email',
  password: 'setup.password',
};

const TEXT_INPUTS = {
  token: { type: 'text', autocomplete: 'off', spellcheck: false },
  organization: { type: 'text', autocomplete: 'organization' },
  name: { type: 'text', autocomplete: 'name' },
  email: { type: 'email', autocomplete: 'username', inputMode: 'email', spellcheck: false },
  password: { type: 'password', autocomplete: 'new-password' },
} as const;

function errorText(error: SetupFieldError | undefined): string | null {
  if (!error) return null;
  return 'pointer' in error ? fieldErrorMessage(error) : t('problem.setup-token-invalid');
}

/** The first-run setup: the organization and its owner, guarded by the server's setup token. */
export function SetupPage() {
  const { api, session, setup } = useApp();
  const values: Record<SetupField, Signal<string>> = {
    token: useSignal(''),
    organization: useSignal(''),
    country: useSignal(browserCountry(navigator.languages)),
    timezone: useSignal(browserTimeZone()),
    name: useSignal(''),
    email: useSignal(''),
    password: useSignal(''),
  };
  const errors = useSignal<Partial<Record<SetupField, SetupFieldError>>>({});
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);

  if (setup.needed.value === undefined) return <Loading />;
  const title = t('setup.title');
  if (!setup.needed.value)
    return (
      <div class="login">
        <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
        <p>{t('setup.closed')}</p>
        <p>
          <Link href={PATHS.login}>{t('setup.signIn')}</Link>
        </p>
      </div>
    );

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value) return;
    problem.value = null;
    pending.value = true;
    const v = (field: SetupField) => values[field].value;
    const result = await setup.submit(api.people, {
      token: v('token').trim(),
      organization: { name: v('organization'), defaultCountry: v('country'), timezone: v('timezone') },
      owner: {
        name: v('name'),
        email: v('email').trim(),
        password: v('password'),
        ...(isLocale(locale.value) && { locale: locale.value }),
      },
    });
    pending.value = false;
    if (result.ok) {
      session.adopt(result.data);
      return navigate(PATHS.leads, { replace: true });
    }
    problem.value = result.problem;
    errors.value = setupFieldErrors(result.problem);
    const first = (Object.keys(LABELS) as SetupField[]).find((f) => errors.value[f]);
    if (first) document.getElementById(`setup-${first}`)?.focus();
  };

  const field = (name: keyof typeof TEXT_INPUTS) => (
    <TextField
      id={`setup-${name}`}
      name={name}
      label={t(LABELS[name])}
      error={errorText(errors.value[name])}
      bind={values[name]}
      {...TEXT_INPUTS[name]}
    />
  );

  return (
    <div class="login">
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('setup.intro')}</p>
      {!setup.tokenConfigured.value && <p class="notice">{t('problem.setup-token-unset')}</p>}
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      <form class="form" noValidate onSubmit={submit}>
        {field('token')}
        <OrganizationFields
          idPrefix="setup"
          values={values}
          errorText={(name) => errorText(errors.value[name])}
        />
        <fieldset class="field-row">
          <legend>{t('setup.ownerLegend')}</legend>
          {field('name')}
          {field('email')}
          {field('password')}
          <p class="hint">{t('account.passwordHint')}</p>
        </fieldset>
        <button type="submit" class="button button--primary">
          {t('setup.submit')}
        </button>
        <p class="form__status" role="status">
          {pending.value ? t('setup.submitting') : ''}
        </p>
      </form>
    </div>
  );
}
