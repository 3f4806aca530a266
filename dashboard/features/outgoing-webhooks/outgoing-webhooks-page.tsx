import type { WebhookMessage, WebhookSubscription } from '@contract/outgoing-webhooks';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@core/outgoing-webhooks';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { fieldErrorsAt } from '../../api/field-errors';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDateTime, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/dialog';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { type HookNotice, OutgoingWebhooksModel } from './model';
import './outgoing-webhooks.css';

function noticeText(notice: HookNotice): string {
  if (notice.kind === 'replayed')
    return notice.ok
      ? t('settings.hooks.done.replayed', { attempt: notice.attempt, status: notice.status ?? 0 })
      : t('settings.hooks.done.replayFailed', { attempt: notice.attempt });
  return t(`settings.hooks.done.${notice.kind}`, { url: notice.url });
}

/** Field problems of the new-endpoint form show on their fields; the rest in the page's alert. */
function inAlert(problem: Problem, failed: string | null): boolean {
  return (
    failed !== 'new' ||
    !problem.errors?.some((e) => e.pointer === '/url' || e.pointer.startsWith('/eventTypes'))
  );
}

/** Outgoing webhooks: endpoints that receive the organization's events, their secrets, and the delivery log. */
export function OutgoingWebhooksPage() {
  const { api } = useApp();
  const model = useMemo(() => new OutgoingWebhooksModel(), []);
  const deleting = useSignal<WebhookSubscription | null>(null);
  const hooks = api.outgoingWebhooks;
  useEffect(() => {
    void model.load(hooks);
  }, [hooks, model]);
  const title = t('settings.hooks.title');
  const problem = model.problem.value;
  const remove = () => {
    const sub = deleting.value;
    deleting.value = null;
    if (sub) void model.remove(hooks, sub);
  };
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('settings.hooks.intro')}</p>
      <CreateForm model={model} />
      <SecretPanel model={model} />
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {problem && inAlert(problem, model.failed.value) && (
          <p class="notice notice--error">{t(problemMessageKey(problem))}</p>
        )}
      </div>
      <h2>{t('settings.hooks.endpoints')}</h2>
      {!model.loading.value && model.items.value.length === 0 && <p>{t('settings.hooks.none')}</p>}
      <ul class="people">
        {model.items.value.map((sub) => (
          <Endpoint key={sub.id} model={model} sub={sub} onDelete={() => (deleting.value = sub)} />
        ))}
      </ul>
      <DeliveryLog model={model} />
      <ConfirmDialog
        target={deleting}
        title={(sub) => t('settings.hooks.deleteTitle', { url: sub.url })}
        titleId="delete-hook-title"
        label={t('settings.hooks.delete')}
        onConfirm={remove}
      >
        <p>{t('settings.hooks.deleteBody')}</p>
      </ConfirmDialog>
    </>
  );
}

function CreateForm({ model }: { model: OutgoingWebhooksModel }) {
  const { api } = useApp();
  const url = useSignal('');
  const description = useSignal('');
  const types = useSignal<WebhookEventType[]>(['lead.created']);
  const personal = useSignal(false);
  const problem = model.failed.value === 'new' ? model.problem.value : null;
  const errors = problem
    ? fieldErrorsAt(problem, { '/url': 'url', '/eventTypes': 'eventTypes' } as const)
    : {};
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value === 'new') return;
    const result = await model.create(api.outgoingWebhooks, {
      url: url.value.trim(),
      eventTypes: types.value,
      includePersonalData: personal.value,
      ...(description.value.trim() ? { description: description.value.trim() } : {}),
    });
    if (result.ok) {
      url.value = '';
      description.value = '';
      personal.value = false;
    } else
      document
        .getElementById(errors.eventTypes && !errors.url ? 'hook-type-lead.created' : 'hook-url')
        ?.focus();
  };
  const toggle = (type: WebhookEventType, on: boolean) => {
    types.value = WEBHOOK_EVENT_TYPES.filter((x) => (x === type ? on : types.value.includes(x)));
  };
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <h2>{t('settings.hooks.new')}</h2>
      <TextField
        id="hook-url"
        name="url"
        type="url"
        inputMode="url"
        autocomplete="off"
        spellcheck={false}
        maxLength={1999}
        label={t('settings.hooks.url')}
        error={errors.url ? fieldErrorMessage(errors.url) : null}
        bind={url}
      />
      <TextField
        id="hook-description"
        name="description"
        autocomplete="off"
        maxLength={200}
        label={t('settings.hooks.description')}
        bind={description}
      />
      <fieldset class="hook-types" aria-describedby={errors.eventTypes ? 'hook-types-error' : undefined}>
        <legend>{t('settings.hooks.events')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} class="check">
            <input
              type="checkbox"
              id={`hook-type-${type}`}
              checked={types.value.includes(type)}
              onChange={(event) => toggle(type, event.currentTarget.checked)}
            />
            <code>{type}</code> <span>{t(`settings.hooks.event.${type}`)}</span>
          </label>
        ))}
        {errors.eventTypes && (
          <p class="field__error" id="hook-types-error">
            {t('settings.hooks.eventsRequired')}
          </p>
        )}
      </fieldset>
      <div class="hook-personal">
        <label class="check">
          <input
            type="checkbox"
            id="hook-personal-data"
            checked={personal.value}
            aria-describedby="hook-personal-data-hint"
            onChange={(event) => {
              personal.value = event.currentTarget.checked;
            }}
          />
          <span>{t('settings.hooks.personalData')}</span>
        </label>
        <p class="hint" id="hook-personal-data-hint">
          {t('settings.hooks.personalDataHint')}
        </p>
      </div>
      <button type="submit" class="button button--primary" disabled={model.busy.value === 'new'}>
        {t('settings.hooks.create')}
      </button>
    </form>
  );
}

/** The signing secret, shown once after creating an endpoint or rotating its secret. */
function SecretPanel({ model }: { model: OutgoingWebhooksModel }) {
  const shown = model.secret.value;
  useEffect(() => {
    if (shown) document.getElementById('hook-secret')?.focus();
  }, [shown]);
  if (!shown) return null;
  return (
    <section class="notice hook-secret" aria-labelledby="hook-secret-title">
      <h2 id="hook-secret-title">{t('settings.hooks.secretTitle')}</h2>
      <p>{t('settings.hooks.secretOnce', { url: shown.url })}</p>
      <label for="hook-secret">{t('settings.hooks.secret')}</label>
      <input
        id="hook-secret"
        class="hook-secret__value"
        readOnly
        value={shown.secret}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" class="button" onClick={() => model.dismissSecret()}>
        {t('settings.hooks.secretDone')}
      </button>
    </section>
  );
}

function stateText(sub: WebhookSubscription): string {
  if (sub.enabled) return t('settings.hooks.state.enabled');
  if (sub.disabledReason === 'failing' && sub.failingSince)
    return t('settings.hooks.state.failing', { since: formatDateTime(sub.failingSince) });
  return t('settings.hooks.state.disabled');
}

function Endpoint({
  model,
  sub,
  onDelete,
}: {
  model: OutgoingWebhooksModel;
  sub: WebhookSubscription;
  onDelete: () => void;
}) {
  const { api } = useApp();
  const hooks = api.outgoingWebhooks;
  const id = `hook-${sub.id}`;
  const busy = model.busy.value?.endsWith(sub.id) ?? false;
  const open = model.logFor.value === sub.id;
  return (
    <li class="person-card">
      <h3 class="person-card__name hook-url" id={`${id}-name`}>
        {sub.url}
      </h3>
      {sub.description && <p dir="auto">{sub.description}</p>}
      <p>
        {stateText(sub)} · {t('settings.hooks.pending', { count: sub.pending })}
        {sub.secretCount > 1 && <> · {t('settings.hooks.rotating', { count: sub.secretCount })}</>} ·{' '}
        {t(sub.includePersonalData ? 'settings.hooks.personal.on' : 'settings.hooks.personal.off')}
      </p>
      <p class="hook-types__list">
        {sub.eventTypes.map((type) => (
          <code key={type}>{type}</code>
        ))}
      </p>
      <div class="person-card__actions">
        <button
          type="button"
          class="button"
          aria-expanded={open}
          aria-controls="hook-log"
          aria-describedby={`${id}-name`}
          onClick={() => void model.openLog(hooks, open ? null : sub.id)}
        >
          {open ? t('settings.hooks.hideLog') : t('settings.hooks.showLog')}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={() => void model.setEnabled(hooks, sub.id, !sub.enabled)}
        >
          {sub.enabled ? t('settings.hooks.disable') : t('settings.hooks.enable')}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={() => void model.setPersonalData(hooks, sub.id, !sub.includePersonalData)}
        >
          {sub.includePersonalData ? t('settings.hooks.personalOff') : t('settings.hooks.personalOn')}
        </button>
        <button
          type="button"
          class="button"
          disabled={busy || sub.secretCount >= 3}
          aria-describedby={`${id}-name`}
          onClick={() => void model.rotate(hooks, sub.id)}
        >
          {t('settings.hooks.rotate')}
        </button>
        {sub.secretCount > 1 && (
          <button
            type="button"
            class="button"
            disabled={busy}
            aria-describedby={`${id}-name`}
            onClick={() => void model.dropOldSecrets(hooks, sub.id)}
          >
            {t('settings.hooks.dropOld')}
          </button>
        )}
        <button
          type="button"
          class="button"
          disabled={busy}
          aria-describedby={`${id}-name`}
          onClick={onDelete}
        >
          {t('settings.hooks.delete')}
        </button>
      </div>
    </li>
  );
}

const NO_ANSWER_KEYS = {
  timeout: 'settings.hooks.error.timeout',
  network: 'settings.hooks.error.network',
  'blocked-target': 'settings.hooks.error.blocked-target',
} as const;

/** Why an attempt got no answer, in words. */
function noAnswer(error: string | null): string {
  const key =
    error && Object.hasOwn(NO_ANSWER_KEYS, error)
      ? NO_ANSWER_KEYS[error as keyof typeof NO_ANSWER_KEYS]
      : null;
  return t('settings.hooks.noAnswer', { reason: key ? t(key) : (error ?? '') });
}

const STATUS_KEYS = {
  pending: 'settings.hooks.status.pending',
  delivered: 'settings.hooks.status.delivered',
  failed: 'settings.hooks.status.failed',
} as const;

/** The open endpoint's latest messages: each with its body, every attempt, and a replay. */
function DeliveryLog({ model }: { model: OutgoingWebhooksModel }) {
  const id = model.logFor.value;
  const sub = model.items.value.find((s) => s.id === id);
  return (
    <section id="hook-log" aria-labelledby={sub ? 'hook-log-title' : undefined} hidden={!sub}>
      {sub && (
        <>
          <h2 id="hook-log-title">{t('settings.hooks.logTitle', { url: sub.url })}</h2>
          {model.log.value.length === 0 ? (
            <p>{t('settings.hooks.logEmpty')}</p>
          ) : (
            <ul class="hook-log">
              {model.log.value.map((m) => (
                <MessageEntry key={m.id} model={model} message={m} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function MessageEntry({ model, message }: { model: OutgoingWebhooksModel; message: WebhookMessage }) {
  const { api } = useApp();
  const last = message.log[0];
  const answer = last
    ? last.responseStatus !== null
      ? t('settings.hooks.answer', { status: last.responseStatus })
      : noAnswer(last.error)
    : t('settings.hooks.notTried');
  return (
    <li class="hook-log__item">
      <details>
        <summary>
          <code>{message.eventType}</code> · {t(STATUS_KEYS[message.status])} ·{' '}
          {t('settings.hooks.attempts', { count: message.attempts })} · {answer} ·{' '}
          <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        </summary>
        <p>
          {t('settings.hooks.webhookId')} <code>{message.id}</code>
        </p>
        {message.parkedAt && (
          <p class="notice">{t('settings.hooks.parked', { at: formatDateTime(message.parkedAt) })}</p>
        )}
        <h4>{t('settings.hooks.body')}</h4>
        <pre class="hook-log__pre">{message.body}</pre>
        {message.log.map((a) => (
          <div key={a.id} class="hook-log__attempt">
            <h4>
              {t(a.replay ? 'settings.hooks.replayAttempt' : 'settings.hooks.attempt', {
                attempt: a.attempt,
              })}{' '}
              · <time dateTime={a.createdAt}>{formatDateTime(a.createdAt)}</time> ·{' '}
              {t('settings.hooks.duration', { ms: a.durationMs })}
            </h4>
            <pre class="hook-log__pre">
              {Object.entries(a.requestHeaders)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}
            </pre>
            <p>
              {a.responseStatus !== null
                ? t('settings.hooks.answer', { status: a.responseStatus })
                : noAnswer(a.error)}
            </p>
            {a.responseExcerpt && <pre class="hook-log__pre">{a.responseExcerpt}</pre>}
          </div>
        ))}
      </details>
      <button
        type="button"
        class="button"
        disabled={model.busy.value === `replay:${message.id}`}
        onClick={() => void model.replay(api.outgoingWebhooks, message.id)}
      >
        {t('settings.hooks.replay', { event: message.eventType })}
      </button>
    </li>
  );
}
