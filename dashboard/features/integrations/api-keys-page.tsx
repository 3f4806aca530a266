import type { ApiKey } from '@contract/admin';
import { API_SCOPES, type ApiScope } from '@core/api-scopes';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { fieldErrorsAt } from '../../api/field-errors';
import type { FieldError } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDateTime, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import {
  type ApiKeyNotice,
  ApiKeysModel,
  EXPIRY_CHOICES,
  type ExpiryChoice,
  expiryFor,
} from './api-keys-model';
import { SecretDialog } from './secret-dialog';

function noticeText(notice: ApiKeyNotice): string {
  return t(`integrations.keys.done.${notice.kind}`, { name: notice.name });
}

const FIELDS = { '/name': 'name', '/scopes': 'scopes', '/expiresAt': 'expiresAt' } as const;

/** API keys: create one with scopes and an expiry (its secret shown once), the keys with their last use, revoke. */
export function ApiKeysPage() {
  const { api } = useApp();
  const model = useMemo(() => new ApiKeysModel(), []);
  const revoking = useSignal<ApiKey | null>(null);
  useEffect(() => {
    void model.load(api.integrations);
  }, [api, model]);
  const title = t('integrations.keys.title');
  const problem = model.problem.value;
  const created = model.created.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('integrations.keys.intro')}</p>
      <CreateKeyForm model={model} />
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {problem && !problem.errors?.length && (
          <p class="notice notice--error">{t(problemMessageKey(problem))}</p>
        )}
      </div>
      <h2>{t('integrations.keys.list')}</h2>
      {!model.loading.value && model.items.value.length === 0 && <p>{t('integrations.keys.none')}</p>}
      <ul class="people">
        {model.items.value.map((key) => (
          <KeyCard
            key={key.id}
            apiKey={key}
            busy={model.busy.value === key.id}
            onRevoke={() => {
              revoking.value = key;
            }}
          />
        ))}
      </ul>
      <ConfirmDialog
        target={revoking}
        title={(key) => t('integrations.keys.revokeTitle', { name: key.name })}
        titleId="revoke-key-title"
        label={t('integrations.keys.revoke')}
        onConfirm={() => {
          const key = revoking.value;
          revoking.value = null;
          if (key) void model.revoke(api.integrations, key);
        }}
      >
        <p>{t('integrations.keys.revokeBody')}</p>
      </ConfirmDialog>
      <SecretDialog
        secret={created?.key ?? null}
        title={t('integrations.keys.createdTitle', { name: created?.name ?? '' })}
        onClose={() => model.dismissCreated()}
      >
        <p>{t('integrations.keys.createdBody')}</p>
      </SecretDialog>
    </>
  );
}

function CreateKeyForm({ model }: { model: ApiKeysModel }) {
  const { api } = useApp();
  const name = useSignal('');
  const scopes = useSignal<ApiScope[]>(['leads:read']);
  const expiry = useSignal<string>('90');
  const errors = useSignal<{ name?: FieldError; scopes?: FieldError; expiresAt?: FieldError }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value === 'new') return;
    errors.value = {};
    const expiresAt = expiryFor(expiry.value as ExpiryChoice, new Date());
    const result = await model.create(api.integrations, {
      name: name.value.trim(),
      scopes: API_SCOPES.filter((s) => scopes.value.includes(s)),
      ...(expiresAt ? { expiresAt } : {}),
    });
    if (result.ok) {
      name.value = '';
      return;
    }
    errors.value = fieldErrorsAt(result.problem, FIELDS);
    if (errors.value.name) document.getElementById('key-name')?.focus();
    else if (errors.value.scopes) document.getElementById(`key-scope-${API_SCOPES[0]}`)?.focus();
  };
  const toggle = (scope: ApiScope, on: boolean) => {
    scopes.value = on ? [...scopes.value, scope] : scopes.value.filter((s) => s !== scope);
  };
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <h2>{t('integrations.keys.new')}</h2>
      <TextField
        id="key-name"
        name="name"
        autocomplete="off"
        maxLength={100}
        label={t('integrations.keys.name')}
        error={errors.value.name && fieldErrorMessage(errors.value.name)}
        bind={name}
      />
      <fieldset class="scopes" aria-describedby={errors.value.scopes ? 'key-scopes-error' : undefined}>
        <legend>{t('integrations.keys.scopes')}</legend>
        {API_SCOPES.map((scope) => (
          <label key={scope} class="check">
            <input
              id={`key-scope-${scope}`}
              type="checkbox"
              checked={scopes.value.includes(scope)}
              onChange={(event) => toggle(scope, event.currentTarget.checked)}
            />
            <span>
              {t(`integrations.scope.${scope}`)}
              <span class="hint">{t(`integrations.scopeHint.${scope}`)}</span>
            </span>
          </label>
        ))}
        {errors.value.scopes && (
          <p class="field__error" id="key-scopes-error">
            {t('integrations.keys.scopesRequired')}
          </p>
        )}
      </fieldset>
      <SelectField
        id="key-expiry"
        label={t('integrations.keys.expiry')}
        bind={expiry}
        error={errors.value.expiresAt && fieldErrorMessage(errors.value.expiresAt)}
      >
        {EXPIRY_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`integrations.keys.expiry.${choice}`)}
          </option>
        ))}
      </SelectField>
      <button type="submit" class="button button--primary" disabled={model.busy.value === 'new'}>
        {t('integrations.keys.create')}
      </button>
    </form>
  );
}

function KeyCard({ apiKey, busy, onRevoke }: { apiKey: ApiKey; busy: boolean; onRevoke: () => void }) {
  const id = `key-${apiKey.id}`;
  const expired = apiKey.expiresAt !== null && Date.parse(apiKey.expiresAt) <= Date.now();
  return (
    <li class="person-card">
      <h3 class="person-card__name" id={`${id}-name`} dir="auto">
        {apiKey.name}
      </h3>
      <dl class="person-card__facts">
        <div>
          <dt>{t('integrations.keys.prefix')}</dt>
          <dd>
            <code>{`lg_${apiKey.prefix}_…`}</code>
          </dd>
        </div>
        <div>
          <dt>{t('integrations.keys.scopes')}</dt>
          <dd>{apiKey.scopes.map((s) => t(`integrations.scope.${s}`)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('integrations.keys.lastUsed')}</dt>
          <dd>
            {apiKey.lastUsedAt
              ? t('integrations.keys.lastUsedAt', {
                  time: formatDateTime(apiKey.lastUsedAt),
                  ip: apiKey.lastUsedIp ?? '–',
                })
              : t('integrations.keys.neverUsed')}
          </dd>
        </div>
        <div>
          <dt>{t('integrations.keys.expires')}</dt>
          <dd>
            {apiKey.expiresAt === null
              ? t('integrations.keys.noExpiry')
              : t(expired ? 'integrations.keys.expiredAt' : 'integrations.keys.expiresAt', {
                  time: formatDateTime(apiKey.expiresAt),
                })}
          </dd>
        </div>
        <div>
          <dt>{t('integrations.keys.createdBy')}</dt>
          <dd dir="auto">{apiKey.createdBy?.name ?? '–'}</dd>
        </div>
      </dl>
      <div class="person-card__actions">
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={onRevoke}
        >
          {t('integrations.keys.revoke')}
        </button>
      </div>
    </li>
  );
}
