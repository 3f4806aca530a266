import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { type MessageKey, t } from '../../i18n';
import { Link, navigate } from '../../router';
import { homePath, PATHS } from '../../routes';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { LoginSso } from '../sso/sso-sign-in';
import {
  type CredentialError,
  type CredentialErrors,
  credentialErrorsFromProblem,
  validateCredentials,
} from './model';

const ERROR_MESSAGES: Record<CredentialError, MessageKey> = {
  'email-required': 'form.error.emailRequired',
  'email-invalid': 'form.error.emailInvalid',
  'password-required': 'form.error.passwordRequired',
  'too-long': 'form.error.tooLong',
  invalid: 'form.error.invalid',
};

const errorText = (error: CredentialError | undefined) => (error ? t(ERROR_MESSAGES[error]) : null);

/** The sign-in fields, in order, with what the browser and password managers need to fill them. */
const FIELDS = {
  email: { type: 'email', autocomplete: 'username', inputMode: 'email', spellcheck: false },
  password: { type: 'password', autocomplete: 'current-password' },
} as const;

/** The sign-in form. Field errors are tied to their inputs; a failed sign-in is announced as an alert. */
export function LoginPage() {
  const { api, session } = useApp();
  const values = { email: useSignal(''), password: useSignal('') };
  const errors = useSignal<CredentialErrors>({});
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);
  const inputs = { email: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  const showErrors = (found: CredentialErrors) => {
    errors.value = found;
    const first = (['email', 'password'] as const).find((name) => found[name]);
    if (first) inputs[first].current?.focus();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value) return;
    const credentials = { email: values.email.value.trim(), password: values.password.value };
    // Clearing first makes a repeated failure change the alert's text, so it is announced again.
    problem.value = null;
    const invalid = validateCredentials(credentials);
    showErrors(invalid);
    if (Object.keys(invalid).length > 0) return;
    pending.value = true;
    const result = await session.signIn(api, credentials);
    pending.value = false;
    // Replace, so Back from the home page does not return to a sign-in form.
    if (result.ok) return navigate(homePath(result.data.role), { replace: true });
    problem.value = result.problem;
    showErrors(credentialErrorsFromProblem(result.problem));
  };

  return (
    <div class="login">
      <PageHeading documentTitle={t('login.title')}>{t('login.title')}</PageHeading>
      {session.expired.value && !problem.value && (
        <p class="notice" role="status">
          {t('errors.sessionExpired')}
        </p>
      )}
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      <form class="form" noValidate onSubmit={submit}>
        {(['email', 'password'] as const).map((name) => (
          <TextField
            key={name}
            id={`login-${name}`}
            name={name}
            label={t(`login.${name}`)}
            error={errorText(errors.value[name])}
            inputRef={inputs[name]}
            bind={values[name]}
            {...FIELDS[name]}
          />
        ))}
        <button type="submit" class="button button--primary">
          {t('login.submit')}
        </button>
        <p class="form__status" role="status">
          {pending.value ? t('login.submitting') : ''}
        </p>
      </form>
      <LoginSso />
      <p>
        <Link href={PATHS.forgot}>{t('login.forgot')}</Link>
      </p>
      <SignupOffer />
    </div>
  );
}

/** "Create an organization", only where the server allows sign-up (it says so at GET /api/signup). */
function SignupOffer() {
  const { api } = useApp();
  const allowed = useSignal(false);
  useEffect(() => {
    void api.people.signupStatus().then((result) => {
      allowed.value = result.ok && result.data.allowed;
    });
  }, []);
  if (!allowed.value) return null;
  return (
    <p>
      <Link href={PATHS.signup}>{t('login.createOrganization')}</Link>
    </p>
  );
}
