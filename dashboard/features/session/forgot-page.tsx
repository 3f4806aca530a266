import { useSignal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { PATHS } from '../../routes';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';

/**
 * Asks for a password-reset link by email. The answer is the same whether or not the address has an
 * account, so the page says only what happens if it has one.
 */
export function ForgotPage() {
  const { api } = useApp();
  const email = useSignal('');
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);
  const sent = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value) return;
    problem.value = null;
    pending.value = true;
    const result = await api.requestPasswordReset(email.value.trim());
    pending.value = false;
    if (result.ok) sent.value = true;
    else problem.value = result.problem;
  };

  const fieldError = problem.value?.errors?.find((e) => e.pointer === '/email');
  return (
    <div class="login">
      <PageHeading documentTitle={t('reset.forgotTitle')}>{t('reset.forgotTitle')}</PageHeading>
      <div role="alert">
        {problem.value && !fieldError && (
          <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>
        )}
      </div>
      {sent.value ? (
        <p class="notice" role="status">
          {t('reset.sent')}
        </p>
      ) : (
        <form class="form" noValidate onSubmit={submit}>
          <p>{t('reset.forgotIntro')}</p>
          <TextField
            id="forgot-email"
            name="email"
            type="email"
            autocomplete="username"
            inputMode="email"
            spellcheck={false}
            required
            label={t('reset.email')}
            error={fieldError ? fieldErrorMessage(fieldError) : null}
            bind={email}
          />
          <button type="submit" class="button button--primary">
            {t('reset.send')}
          </button>
          <p class="form__status" role="status">
            {pending.value ? t('reset.sending') : ''}
          </p>
        </form>
      )}
      <p>
        <Link href={PATHS.login}>{t('reset.backToLogin')}</Link>
      </p>
    </div>
  );
}
