import type { SsoSettings } from '@contract/sso';
import type { SsoNewPeople } from '@core/sso';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import type { SsoApi } from '../../api/sso';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { errorAttributes, Field, TextField } from '../../ui/text-field';
import { SSO_REFUSAL_MESSAGES } from './messages';
import {
  checkSsoForm,
  formOf,
  SSO_NEW_PEOPLE,
  type SsoFormError,
  type SsoTestReport,
  ssoTestFromHash,
} from './model';

const heading = () => (
  <PageHeading documentTitle={t('page.title', { page: t('sso.title') })}>{t('sso.title')}</PageHeading>
);

/** The owner's single sign-on settings (a settings section); other roles are told it is the owner's. */
export function SsoSettingsPage() {
  const { api, session } = useApp();
  if (session.session.value?.role !== 'owner')
    return (
      <>
        {heading()}
        <p>{t('sso.ownerOnly')}</p>
      </>
    );
  return <SsoSettingsForm api={api.sso} />;
}

function errorText(error: SsoFormError | undefined): string | null {
  if (!error) return null;
  if (error.code === 'domain-invalid') return t('sso.field.domainInvalid', { domain: error.domain });
  return t(error.code === 'issuer-invalid' ? 'sso.field.issuerInvalid' : 'sso.field.required');
}

/** The test sign-in's report, read once from the URL fragment it came back with. */
function TestReport({ report }: { report: SsoTestReport }) {
  if (!report.ok)
    return (
      <div class="notice notice--error">
        <p>{t('sso.test.refused')}</p>
        <p>{t(SSO_REFUSAL_MESSAGES[report.code])}</p>
        {report.email && <p>{t('sso.test.refusedEmail', { email: report.email })}</p>}
      </div>
    );
  const key = report.outcome === 'member' ? 'sso.test.member' : (`sso.test.join.${report.role}` as const);
  return <p class="notice">{t(key, { email: report.email })}</p>;
}

function SsoSettingsForm({ api }: { api: SsoApi }) {
  const settings = useSignal<SsoSettings | null>(null);
  const problem = useSignal<Problem | null>(null);
  const status = useSignal<'saving' | 'saved' | 'removed' | null>(null);
  const errors = useSignal<SsoFormError[]>([]);
  const values = {
    issuer: useSignal(''),
    clientId: useSignal(''),
    clientSecret: useSignal(''),
    domains: useSignal(''),
  };
  const newPeople = useSignal<SsoNewPeople>('invitation');
  const report = useMemo(() => ssoTestFromHash(location.hash), []);

  const show = (loaded: SsoSettings) => {
    settings.value = loaded;
    const form = formOf(loaded.config);
    values.issuer.value = form.issuer;
    values.clientId.value = form.clientId;
    values.clientSecret.value = '';
    values.domains.value = form.domains;
    newPeople.value = form.newPeople;
  };

  useEffect(() => {
    if (report) history.replaceState(null, '', location.pathname);
    void api.get().then((result) => {
      if (result.ok) show(result.data);
      else problem.value = result.problem;
    });
  }, [api]);

  const secretSaved = settings.value?.config?.clientSecretSet ?? false;
  const fieldError = (field: SsoFormError['field']) => errorText(errors.value.find((e) => e.field === field));

  const save = async (event: Event) => {
    event.preventDefault();
    problem.value = null;
    const checked = checkSsoForm(
      {
        issuer: values.issuer.value,
        clientId: values.clientId.value,
        clientSecret: values.clientSecret.value,
        domains: values.domains.value,
        newPeople: newPeople.value,
      },
      secretSaved,
    );
    errors.value = checked.ok ? [] : checked.errors;
    if (!checked.ok) return document.getElementById(`sso-${checked.errors[0]!.field}`)?.focus();
    status.value = 'saving';
    const saved = await api.save(checked.body);
    status.value = saved.ok ? 'saved' : null;
    if (!saved.ok) problem.value = saved.problem;
    else show({ config: saved.data, callbackUrl: settings.value?.callbackUrl ?? '' });
  };

  const remove = async () => {
    if (!confirm(t('sso.removeConfirm'))) return;
    problem.value = null;
    const removed = await api.remove();
    if (!removed.ok) problem.value = removed.problem;
    else {
      show({ config: null, callbackUrl: settings.value?.callbackUrl ?? '' });
      status.value = 'removed';
    }
  };

  const configured = Boolean(settings.value?.config);
  return (
    <div class="sso-settings">
      {heading()}
      <p>{t('sso.intro')}</p>
      {report && <TestReport report={report} />}
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      {settings.value && (
        <>
          <Field id="sso-callback" label={t('sso.callbackUrl')}>
            <input id="sso-callback" readOnly value={settings.value.callbackUrl} />
          </Field>
          {!configured && <p class="hint">{t('sso.notConfigured')}</p>}
          <form class="form" noValidate onSubmit={save}>
            <TextField
              id="sso-issuer"
              label={t('sso.issuer')}
              type="url"
              placeholder={t('sso.issuerHint')}
              spellcheck={false}
              bind={values.issuer}
              error={fieldError('issuer')}
            />
            <TextField
              id="sso-clientId"
              label={t('sso.clientId')}
              spellcheck={false}
              bind={values.clientId}
              error={fieldError('clientId')}
            />
            <TextField
              id="sso-clientSecret"
              label={t('sso.clientSecret')}
              type="password"
              autocomplete="off"
              bind={values.clientSecret}
              error={fieldError('clientSecret')}
            />
            {secretSaved && <p class="hint">{t('sso.clientSecretSaved')}</p>}
            <TextField
              id="sso-domains"
              label={t('sso.domains')}
              spellcheck={false}
              bind={values.domains}
              error={fieldError('domains')}
            />
            <p class="hint">{t('sso.domainsHint')}</p>
            <Field id="sso-newPeople" label={t('sso.newPeople')}>
              <select
                id="sso-newPeople"
                value={newPeople.value}
                onChange={(e) => {
                  newPeople.value = e.currentTarget.value as SsoNewPeople;
                }}
                {...errorAttributes('sso-newPeople', null)}
              >
                {SSO_NEW_PEOPLE.map((option) => (
                  <option key={option} value={option}>
                    {t(`sso.newPeople.${option}`)}
                  </option>
                ))}
              </select>
            </Field>
            <div class="sso-settings__actions">
              <button type="submit" class="button button--primary" disabled={status.value === 'saving'}>
                {t('sso.save')}
              </button>
              {configured && (
                <button type="button" class="button" onClick={remove}>
                  {t('sso.remove')}
                </button>
              )}
            </div>
            <p class="form__status" role="status">
              {status.value ? t(`sso.${status.value}`) : ''}
            </p>
          </form>
          <h2>{t('sso.test')}</h2>
          <p id="sso-test-hint" class="hint">
            {configured ? t('sso.testHint') : t('sso.testNeedsSave')}
          </p>
          <button
            type="button"
            class="button"
            disabled={!configured}
            aria-describedby="sso-test-hint"
            onClick={() => location.assign(api.testUrl())}
          >
            {t('sso.test')}
          </button>
        </>
      )}
    </div>
  );
}
