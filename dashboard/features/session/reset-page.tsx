import { MIN_PASSWORD_LENGTH } from '@core/password-policy';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { PATHS } from '../../routes';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';

/** The token of a reset link (`/app/reset#<token>`), taken out of the address bar so it is not kept in history. */
function takeToken(): string | null {
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (token) history.replaceState(history.state, '', location.pathname);
  return token || null;
}

/** Sets a new password with the token of a reset link; afterwards every session is signed out. */
export function ResetPage() {
  const { api, session } = useApp();
  const token = useSignal<string | null | undefined>(undefined);
  const password = useSignal('');
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);
  const done = useSignal(false);
  useEffect(() => {
    token.value = takeToken();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value || !token.value) return;
    problem.value = null;
    pending.value = true;
    const result = await api.confirmPasswordReset(token.value, password.value);
    pending.value = false;
    if (!result.ok) {
      problem.value = result.problem;
      return;
    }
    done.value = true;
    // Every session ended, this browser's too: ask the server again who is signed in.
    await session.load(api);
  };

  const fieldError = problem.value?.errors?.find((e) => e.pointer === '/password');
  const linkProblem = problem.value && !fieldError;
  return (
    <div class="login">
      <PageHeading documentTitle={t('reset.title')}>{t('reset.title')}</PageHeading>
      <div role="alert">
        {linkProblem && <p class="notice notice--error">{t(problemMessageKey(problem.value!))}</p>}
      </div>
      {done.value ? (
        <>
          <p class="notice" role="status">
            {t('reset.done')}
          </p>
          <p>
            <Link href={PATHS.login}>{t('reset.backToLogin')}</Link>
          </p>
        </>
      ) : token.value === null ? (
        <>
          <p class="notice">{t('reset.missingToken')}</p>
          <p>
            <Link href={PATHS.forgot}>{t('reset.requestNew')}</Link>
          </p>
        </>
      ) : (
        <form class="form" noValidate onSubmit={submit}>
          <TextField
            id="reset-password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            label={t('reset.password')}
            error={fieldError ? fieldErrorMessage(fieldError) : null}
            bind={password}
            aria-describedby={fieldError ? 'reset-password-error reset-password-hint' : 'reset-password-hint'}
          />
          <p id="reset-password-hint" class="hint">
            {t('reset.passwordHint', { minimum: MIN_PASSWORD_LENGTH })}
          </p>
          <button type="submit" class="button button--primary">
            {t('reset.submit')}
          </button>
          <p class="form__status" role="status">
            {pending.value ? t('reset.submitting') : ''}
          </p>
          {linkProblem && (
            <p>
              <Link href={PATHS.forgot}>{t('reset.requestNew')}</Link>
            </p>
          )}
        </form>
      )}
    </div>
  );
}
