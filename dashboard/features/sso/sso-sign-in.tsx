import { useSignal } from '@preact/signals';
import { useMemo, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { TextField } from '../../ui/text-field';
import { SSO_REFUSAL_MESSAGES } from './messages';
import { ssoErrorFromHash } from './model';

/**
 * "Sign in with SSO" under the password form: asks for a work email or the organization, then hands the
 * browser to the organization's identity provider. A refused sign-in comes back here with its reason in
 * the URL fragment, which is announced as an alert.
 */
export function SsoSignIn({ startUrl }: { startUrl: (org: string) => string }) {
  const refused = useMemo(() => ssoErrorFromHash(location.hash), []);
  const open = useSignal(refused !== null);
  const org = useSignal('');
  const missing = useSignal(false);
  const input = useRef<HTMLInputElement>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const value = org.value.trim();
    missing.value = value === '';
    if (missing.value) return input.current?.focus();
    location.assign(startUrl(value));
  };

  return (
    <section class="login__sso" aria-label={t('sso.login.open')}>
      <div role="alert">
        {refused && <p class="notice notice--error">{t(SSO_REFUSAL_MESSAGES[refused])}</p>}
      </div>
      {open.value ? (
        <form class="form" noValidate onSubmit={submit}>
          <TextField
            id="sso-org"
            name="org"
            label={t('sso.login.org')}
            type="text"
            autocomplete="email"
            spellcheck={false}
            aria-describedby={missing.value ? undefined : 'sso-org-hint'}
            error={missing.value ? t('sso.login.orgRequired') : null}
            inputRef={input}
            bind={org}
          />
          <p id="sso-org-hint" class="hint">
            {t('sso.login.orgHint')}
          </p>
          <button type="submit" class="button">
            {t('sso.login.continue')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          class="button"
          onClick={() => {
            open.value = true;
            requestAnimationFrame(() => input.current?.focus());
          }}
        >
          {t('sso.login.open')}
        </button>
      )}
    </section>
  );
}

/** The login page's SSO part, wired to the app's API client. */
export function LoginSso() {
  const { api } = useApp();
  return <SsoSignIn startUrl={api.sso.startUrl} />;
}
