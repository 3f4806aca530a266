import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { fieldErrorsAt } from '../../api/field-errors';
import type { InvitationPreview } from '../../api/people';
import type { FieldError, Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link, navigate } from '../../router';
import { homePath, PATHS } from '../../routes';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { AcceptInvitationModel } from './accept-model';

type AcceptField = 'name' | 'password';
const POINTERS = { '/name': 'name', '/password': 'password' } as const;

/** The token in a link's fragment; a malformed escape reads as no token (an unknown link). */
function tokenFromFragment(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return '';
  }
}

/** An invitation link (`/app/invite#token`): what it opens, then joining with a name and password. */
export function AcceptInvitationPage() {
  const { api } = useApp();
  const model = useMemo(() => new AcceptInvitationModel(), []);
  const token = useMemo(() => tokenFromFragment(location.hash), []);
  useEffect(() => {
    void model.load(api.people, token);
  }, [api, model, token]);
  const state = model.state.value;
  const title = t('invite.title');
  return (
    <div class="login">
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'failed' && (
        <div role="alert">
          <p class="notice notice--error">{t(problemMessageKey(state.problem))}</p>
          <button type="button" class="button" onClick={() => void model.load(api.people, token)}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {state.kind === 'closed' && (
        <>
          <p class="notice notice--error" role="alert">
            {t(problemMessageKey({ code: state.code }))}
          </p>
          <p>
            <Link href={PATHS.login}>{t('invite.signIn')}</Link>
          </p>
        </>
      )}
      {state.kind === 'ready' && <AcceptForm model={model} token={token} preview={state.preview} />}
    </div>
  );
}

function AcceptForm({
  model,
  token,
  preview,
}: {
  model: AcceptInvitationModel;
  token: string;
  preview: InvitationPreview;
}) {
  const { api, session } = useApp();
  const name = useSignal('');
  const password = useSignal('');
  const errors = useSignal<Partial<Record<AcceptField, FieldError>>>({});
  const problem = useSignal<Problem | null>(null);
  const pending = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending.value) return;
    problem.value = null;
    pending.value = true;
    const result = await model.accept(api.people, {
      token,
      name: name.value,
      password: password.value,
    });
    pending.value = false;
    if (result.ok) {
      session.adopt(result.data);
      // Replace, so Back does not return to a used link.
      return navigate(homePath(result.data.role), { replace: true });
    }
    problem.value = result.problem;
    errors.value = fieldErrorsAt(result.problem, POINTERS);
    const first = (['name', 'password'] as const).find((f) => errors.value[f]);
    document.getElementById(`invite-${first ?? 'password'}`)?.focus();
  };

  const errorText = (field: AcceptField) => {
    const error = errors.value[field];
    return error ? fieldErrorMessage(error) : null;
  };

  return (
    <>
      <p>{t('invite.intro', { organization: preview.organization.name, role: t(`role.${preview.role}`) })}</p>
      <p>
        {t('invite.email')} <strong dir="auto">{preview.email}</strong>
      </p>
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      <form class="form" noValidate onSubmit={submit}>
        {/* The address travels with the form, so a password manager files the new password under it. */}
        <input type="hidden" name="username" autocomplete="username" value={preview.email} />
        {/*
          The same fields whether or not the address has an account: the page must not tell anyone but
          the address's owner, who knows, whether it does.
        */}
        <TextField
          id="invite-name"
          name="name"
          autocomplete="name"
          label={t('invite.name')}
          error={errorText('name')}
          bind={name}
        />
        <TextField
          id="invite-password"
          name="password"
          type="password"
          autocomplete="current-password"
          label={t('invite.password')}
          error={errorText('password')}
          bind={password}
        />
        <p class="hint">{t('account.passwordHint')}</p>
        <p class="hint">{t('invite.existingAccountHint')}</p>
        <button type="submit" class="button button--primary">
          {t('invite.accept')}
        </button>
        <p class="form__status" role="status">
          {pending.value ? t('invite.accepting') : ''}
        </p>
      </form>
    </>
  );
}
