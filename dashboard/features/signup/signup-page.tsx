import { MIN_PASSWORD_LENGTH } from '@core/password-policy';
import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FieldError, Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { locale, type MessageKey, t } from '../../i18n';
import { isLocale } from '../../i18n/locale';
import { Link, navigate } from '../../router';
import { PATHS } from '../../routes';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { OrganizationFields } from '../setup/organization-fields';
import { browserCountry, browserTimeZone } from '../setup/places';
import { type SignupField, signupFieldErrors, tokenFromHash } from './model';

/**
 * Sign-up, where the server allows it: without a token, the address to prove ("check your inbox"); from
 * the emailed link (`/app/signup#<token>`), the new organization and its owner, then its leads list.
 */
export function SignupPage() {
  const token = useSignal<string | null | undefined>(undefined);
  useEffect(() => {
    const take = () => {
      const found = tokenFromHash(location.hash);
      // Out of the address bar, so the token is not kept in history.
      if (found) history.replaceState(history.state, '', location.pathname);
      if (found || token.value === undefined) token.value = found;
    };
    take();
    // The link may be opened in the tab that asked for it: the same page, a new fragment.
    addEventListener('hashchange', take);
    return () => removeEventListener('hashchange', take);
  }, []);
  if (token.value === undefined) return <Loading />;
  return token.value ? <CompleteSignup key={token.value} token={token.value} /> : <RequestSignup />;
}

/** Asks for the link. The answer is the same whether or not the address has an account. */
function RequestSignup() {
  const { api } = useApp();
  const email = useSignal('');
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);
  const sent = useSignal<string | null>(null);
  const off = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value) return;
    problem.value = null;
    pending.value = true;
    const address = email.value.trim();
    const result = await api.people.requestSignup({
      email: address,
      ...(isLocale(locale.value) && { locale: locale.value }),
    });
    pending.value = false;
    if (result.ok) sent.value = address;
    else if (result.problem.status === 404) off.value = true;
    else problem.value = result.problem;
  };

  const fieldError = problem.value?.errors?.find((e) => e.pointer === '/email');
  const title = t('signup.title');
  return (
    <div class="login">
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <div role="alert">
        {problem.value && !fieldError && (
          <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>
        )}
      </div>
      {off.value ? (
        <p class="notice">{t('signup.off')}</p>
      ) : sent.value !== null ? (
        <p class="notice" role="status">
          {t('signup.sent', { email: sent.value })}
        </p>
      ) : (
        <form class="form" noValidate onSubmit={submit}>
          <p>{t('signup.intro')}</p>
          <TextField
            id="signup-email"
            name="email"
            type="email"
            autocomplete="email"
            inputMode="email"
            spellcheck={false}
            required
            label={t('signup.email')}
            error={fieldError ? fieldErrorMessage(fieldError) : null}
            bind={email}
          />
          <button type="submit" class="button button--primary">
            {t('signup.send')}
          </button>
          <p class="form__status" role="status">
            {pending.value ? t('signup.sending') : ''}
          </p>
        </form>
      )}
      <p>
        <Link href={PATHS.login}>{t('signup.backToLogin')}</Link>
      </p>
    </div>
  );
}

const LABELS: Record<SignupField, MessageKey> = {
  organization: 'setup.organization',
  country: 'setup.country',
  timezone: 'setup.timezone',
  name: 'setup.name',
  password: 'setup.password',
};

const TEXT_INPUTS = {
  organization: { type: 'text', autocomplete: 'organization' },
  name: { type: 'text', autocomplete: 'name' },
  password: { type: 'password', autocomplete: 'new-password' },
} as const;

/** The organization and its owner, for the address the link proves; the owner lands in the leads list. */
function CompleteSignup({ token }: { token: string }) {
  const { api, session } = useApp();
  const preview = useSignal<{ email: string } | null>(null);
  const linkProblem = useSignal<Problem | null>(null);
  const values: Record<SignupField, Signal<string>> = {
    organization: useSignal(''),
    country: useSignal(browserCountry(navigator.languages)),
    timezone: useSignal(browserTimeZone()),
    name: useSignal(''),
    password: useSignal(''),
  };
  const errors = useSignal<Partial<Record<SignupField, FieldError>>>({});
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);

  useEffect(() => {
    void api.people.previewSignup(token).then((result) => {
      if (result.ok) preview.value = result.data;
      else linkProblem.value = result.problem;
    });
  }, [token]);

  const title = t('signup.completeTitle');
  const heading = <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>;
  if (linkProblem.value)
    return (
      <div class="login">
        {heading}
        <p class="notice notice--error" role="alert">
          {t(problemMessageKey(linkProblem.value))}
        </p>
        <p>
          <Link href={PATHS.signup}>{t('signup.requestNew')}</Link>
        </p>
        <p>
          <Link href={PATHS.login}>{t('signup.backToLogin')}</Link>
        </p>
      </div>
    );
  if (!preview.value) return <Loading />;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value) return;
    problem.value = null;
    pending.value = true;
    const v = (field: SignupField) => values[field].value;
    const result = await api.people.completeSignup({
      token,
      organization: { name: v('organization'), defaultCountry: v('country'), timezone: v('timezone') },
      owner: {
        name: v('name'),
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
    errors.value = signupFieldErrors(result.problem);
    const first = (Object.keys(LABELS) as SignupField[]).find((f) => errors.value[f]);
    if (first) document.getElementById(`signup-${first}`)?.focus();
  };

  const errorText = (name: SignupField) => {
    const error = errors.value[name];
    return error ? fieldErrorMessage(error) : null;
  };
  const field = (name: keyof typeof TEXT_INPUTS) => (
    <TextField
      id={`signup-${name}`}
      name={name}
      label={t(LABELS[name])}
      error={errorText(name)}
      bind={values[name]}
      {...TEXT_INPUTS[name]}
    />
  );

  return (
    <div class="login">
      {heading}
      <p>{t('signup.completeIntro', { email: preview.value.email })}</p>
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      <form class="form" noValidate onSubmit={submit}>
        <OrganizationFields idPrefix="signup" values={values} errorText={errorText} />
        <fieldset class="field-row">
          <legend>{t('setup.ownerLegend')}</legend>
          {field('name')}
          {field('password')}
          <p class="hint">{t('reset.passwordHint', { minimum: MIN_PASSWORD_LENGTH })}</p>
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
