import type { WebhookSource } from '@contract/admin';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { fieldErrorsAt } from '../../api/field-errors';
import type { FieldError } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDateTime, t } from '../../i18n';
import { ConfirmDialog, Dialog, DialogActions } from '../../ui/dialog';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { DeliveryLog } from './delivery-log';
import { SecretDialog } from './secret-dialog';
import {
  OVERLAP_CHOICES,
  type OverlapChoice,
  overlapEnd,
  type SourceNotice,
  WebhookSourcesModel,
} from './webhook-sources-model';

function noticeText(notice: SourceNotice): string {
  return t(`integrations.hooks.done.${notice.kind}`, { name: notice.name });
}

/** Incoming webhooks: register a source (secret shown once), rotate with an overlap, revoke, read the log. */
export function WebhookSourcesPage() {
  const { api } = useApp();
  const model = useMemo(() => new WebhookSourcesModel(), []);
  const revoking = useSignal<WebhookSource | null>(null);
  const rotating = useSignal<WebhookSource | null>(null);
  useEffect(() => {
    void model.load(api.integrations);
  }, [api, model]);
  const title = t('integrations.hooks.title');
  const problem = model.problem.value;
  const secret = model.secret.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('integrations.hooks.intro')}</p>
      <CreateSourceForm model={model} />
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {problem && !problem.errors?.length && (
          <p class="notice notice--error">{t(problemMessageKey(problem))}</p>
        )}
      </div>
      <h2>{t('integrations.hooks.list')}</h2>
      {!model.loading.value && model.items.value.length === 0 && <p>{t('integrations.hooks.none')}</p>}
      <ul class="people">
        {model.items.value.map((source) => (
          <SourceCard
            key={source.id}
            model={model}
            source={source}
            onRotate={() => {
              rotating.value = source;
            }}
            onRevoke={() => {
              revoking.value = source;
            }}
          />
        ))}
      </ul>
      <RotateDialog model={model} target={rotating} />
      <ConfirmDialog
        target={revoking}
        title={(s) => t('integrations.hooks.revokeTitle', { name: s.name })}
        titleId="revoke-source-title"
        label={t('integrations.hooks.revoke')}
        onConfirm={() => {
          const source = revoking.value;
          revoking.value = null;
          if (source) void model.revoke(api.integrations, source);
        }}
      >
        <p>{t('integrations.hooks.revokeBody')}</p>
      </ConfirmDialog>
      <SecretDialog
        secret={secret?.secret ?? null}
        title={t('integrations.hooks.secretTitle', { name: secret?.sourceName ?? '' })}
        onClose={() => model.dismissSecret()}
      >
        {secret?.url && (
          <p>
            {t('integrations.hooks.sendTo')} <code class="hook-url">{absolute(secret.url)}</code>
          </p>
        )}
      </SecretDialog>
    </>
  );
}

function absolute(path: string): string {
  return new URL(path, window.location.origin).toString();
}

function CreateSourceForm({ model }: { model: WebhookSourcesModel }) {
  const { api } = useApp();
  const name = useSignal('');
  const adapter = useSignal<string>('leadgate');
  const errors = useSignal<{ name?: FieldError }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value === 'new') return;
    errors.value = {};
    const result = await model.create(api.integrations, {
      name: name.value.trim(),
      adapter: adapter.value as 'leadgate' | 'hubspot',
    });
    if (result.ok) {
      name.value = '';
      return;
    }
    errors.value = fieldErrorsAt(result.problem, { '/name': 'name' } as const);
    if (errors.value.name) document.getElementById('source-name')?.focus();
  };
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <h2>{t('integrations.hooks.new')}</h2>
      <TextField
        id="source-name"
        name="name"
        autocomplete="off"
        maxLength={100}
        label={t('integrations.hooks.name')}
        error={errors.value.name && fieldErrorMessage(errors.value.name)}
        bind={name}
      />
      <SelectField id="source-adapter" label={t('integrations.hooks.adapter')} bind={adapter}>
        <option value="leadgate">{t('integrations.hooks.adapter.leadgate')}</option>
        <option value="hubspot">{t('integrations.hooks.adapter.hubspot')}</option>
      </SelectField>
      <button type="submit" class="button button--primary" disabled={model.busy.value === 'new'}>
        {t('integrations.hooks.create')}
      </button>
    </form>
  );
}

type CardProps = {
  model: WebhookSourcesModel;
  source: WebhookSource;
  onRotate: () => void;
  onRevoke: () => void;
};

function SourceCard({ model, source, onRotate, onRevoke }: CardProps) {
  const { api } = useApp();
  const open = useSignal(false);
  const id = `source-${source.id}`;
  const busy = model.busy.value?.endsWith(`:${source.id}`) ?? false;
  const log = model.logs.value[source.id];
  const toggleLog = () => {
    open.value = !open.value;
    if (open.value) void model.loadLog(api.integrations, source.id);
  };
  return (
    <li class="person-card">
      <h3 class="person-card__name" id={`${id}-name`} dir="auto">
        {source.name}
      </h3>
      <dl class="person-card__facts">
        <div>
          <dt>{t('integrations.hooks.url')}</dt>
          <dd>
            <code class="hook-url">{absolute(source.url)}</code>
          </dd>
        </div>
        <div>
          <dt>{t('integrations.hooks.adapter')}</dt>
          <dd>{t(`integrations.hooks.adapter.${source.adapter}`)}</dd>
        </div>
        <div>
          <dt>{t('integrations.hooks.secrets')}</dt>
          <dd>
            {source.oldSecretsExpireAt
              ? t('integrations.hooks.overlapUntil', { time: formatDateTime(source.oldSecretsExpireAt) })
              : t('integrations.hooks.secretCount', { count: source.secretCount })}
          </dd>
        </div>
        <div>
          <dt>{t('integrations.hooks.created')}</dt>
          <dd>{formatDateTime(source.createdAt)}</dd>
        </div>
      </dl>
      <div class="person-card__actions">
        <button
          type="button"
          class="button"
          aria-expanded={open.value}
          aria-controls={`${id}-log`}
          aria-describedby={`${id}-name`}
          onClick={toggleLog}
        >
          {t('integrations.hooks.log')}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={onRotate}
        >
          {t('integrations.hooks.rotate')}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={onRevoke}
        >
          {t('integrations.hooks.revoke')}
        </button>
      </div>
      <section id={`${id}-log`} hidden={!open.value} aria-labelledby={`${id}-log-title`}>
        <h4 id={`${id}-log-title`}>{t('integrations.hooks.logTitle', { name: source.name })}</h4>
        {open.value && (
          <DeliveryLog log={log} onRefresh={() => void model.loadLog(api.integrations, source.id)} />
        )}
      </section>
    </li>
  );
}

function RotateDialog({
  model,
  target,
}: {
  model: WebhookSourcesModel;
  target: ReturnType<typeof useSignal<WebhookSource | null>>;
}) {
  const { api } = useApp();
  const overlap = useSignal<string>('24');
  const source = target.value;
  const cancel = () => {
    target.value = null;
  };
  return (
    <Dialog
      open={source !== null}
      onClose={cancel}
      title={source ? t('integrations.hooks.rotateTitle', { name: source.name }) : ''}
      titleId="rotate-source-title"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const s = target.value;
          target.value = null;
          if (s)
            void model.rotate(api.integrations, s, overlapEnd(overlap.value as OverlapChoice, new Date()));
        }}
      >
        <p>{t('integrations.hooks.rotateBody')}</p>
        <SelectField id="rotate-overlap" label={t('integrations.hooks.overlap')} bind={overlap}>
          {OVERLAP_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {t(`integrations.hooks.overlap.${choice}`)}
            </option>
          ))}
        </SelectField>
        <DialogActions label={t('integrations.hooks.rotate')} onCancel={cancel} />
      </form>
    </Dialog>
  );
}
