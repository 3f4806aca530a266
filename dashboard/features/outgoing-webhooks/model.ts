import type {
  CreateWebhookSubscription,
  WebhookMessage,
  WebhookSubscription,
} from '@contract/outgoing-webhooks';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { actionRunner } from '../../api/action';
import type { ApiResult } from '../../api/call';
import type { OutgoingWebhooksApi } from '../../api/outgoing-webhooks';
import type { Problem } from '../../api/problem';

/** The outcome of the last action, for the page's status line (problems go to its alert or a field). */
export type HookNotice =
  | {
      kind:
        | 'created'
        | 'rotated'
        | 'dropped'
        | 'enabled'
        | 'disabled'
        | 'deleted'
        | 'personalOn'
        | 'personalOff';
      url: string;
    }
  | { kind: 'replayed'; ok: boolean; status: number | null; attempt: number };

/** A secret to show once: after creating an endpoint or rotating its secret. */
export type ShownSecret = { subscriptionId: string; url: string; secret: string };

/**
 * Outgoing webhooks in the settings: the endpoints, the secret shown once, and the delivery log of the
 * endpoint an admin opens (with replays).
 */
export const OutgoingWebhooksModel = createModel(() => {
  const items = signal<WebhookSubscription[]>([], { name: 'hooks.items' });
  const loading = signal(true, { name: 'hooks.loading' });
  const problem = signal<Problem | null>(null, { name: 'hooks.problem' });
  const notice = signal<HookNotice | null>(null, { name: 'hooks.notice' });
  const busy = signal<string | null>(null, { name: 'hooks.busy' });
  /** The action whose problem is shown: the new-endpoint form shows field errors only for its own. */
  const failed = signal<string | null>(null, { name: 'hooks.failed' });
  const secret = signal<ShownSecret | null>(null, { name: 'hooks.secret' });
  /** The endpoint whose delivery log is open, and its messages. */
  const logFor = signal<string | null>(null, { name: 'hooks.logFor' });
  const log = signal<WebhookMessage[]>([], { name: 'hooks.log' });

  const run = actionRunner<HookNotice>({ busy, problem, notice });
  async function act<T>(key: string, call: () => Promise<ApiResult<T>>, done: (data: T) => HookNotice) {
    const result = await run(key, call, done);
    failed.value = result.ok ? null : key;
    return result;
  }
  const put = (sub: WebhookSubscription) => {
    const at = items.value.findIndex((s) => s.id === sub.id);
    items.value = at < 0 ? [sub, ...items.value] : items.value.map((s) => (s.id === sub.id ? sub : s));
  };
  const urlOf = (id: string) => items.value.find((s) => s.id === id)?.url ?? '';

  async function loadLog(api: Pick<OutgoingWebhooksApi, 'messages'>, id: string) {
    const result = await api.messages(id);
    batch(() => {
      if (result.ok) log.value = result.data.items;
      else problem.value = result.problem;
    });
  }

  return {
    items: items as ReadonlySignal<WebhookSubscription[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<HookNotice | null>,
    busy: busy as ReadonlySignal<string | null>,
    failed: failed as ReadonlySignal<string | null>,
    secret: secret as ReadonlySignal<ShownSecret | null>,
    logFor: logFor as ReadonlySignal<string | null>,
    log: log as ReadonlySignal<WebhookMessage[]>,

    async load(api: Pick<OutgoingWebhooksApi, 'list'>): Promise<void> {
      loading.value = true;
      const result = await api.list();
      batch(() => {
        loading.value = false;
        if (result.ok) items.value = result.data.items;
        else problem.value = result.problem;
      });
    },

    create: (api: Pick<OutgoingWebhooksApi, 'create'>, body: CreateWebhookSubscription) =>
      act(
        'new',
        () => api.create(body),
        ({ secret: shown, ...sub }) => {
          put(sub);
          secret.value = { subscriptionId: sub.id, url: sub.url, secret: shown };
          return { kind: 'created', url: sub.url };
        },
      ),

    setEnabled: (api: Pick<OutgoingWebhooksApi, 'update'>, id: string, enabled: boolean) =>
      act(
        `state:${id}`,
        () => api.update(id, { enabled }),
        (sub) => {
          put(sub);
          return { kind: enabled ? 'enabled' : 'disabled', url: sub.url };
        },
      ),

    /** Switches whether the endpoint's lead events carry the person's data. */
    setPersonalData: (api: Pick<OutgoingWebhooksApi, 'update'>, id: string, on: boolean) =>
      act(
        `personal:${id}`,
        () => api.update(id, { includePersonalData: on }),
        (sub) => {
          put(sub);
          return { kind: on ? 'personalOn' : 'personalOff', url: sub.url };
        },
      ),

    rotate: (api: Pick<OutgoingWebhooksApi, 'rotate'>, id: string) =>
      act(
        `rotate:${id}`,
        () => api.rotate(id),
        (rotated) => {
          const sub = items.value.find((s) => s.id === id);
          if (sub) put({ ...sub, secretCount: rotated.secretCount });
          secret.value = { subscriptionId: id, url: urlOf(id), secret: rotated.secret };
          return { kind: 'rotated', url: urlOf(id) };
        },
      ),

    dropOldSecrets: (api: Pick<OutgoingWebhooksApi, 'dropOldSecrets'>, id: string) =>
      act(
        `drop:${id}`,
        () => api.dropOldSecrets(id),
        () => {
          const sub = items.value.find((s) => s.id === id);
          if (sub) put({ ...sub, secretCount: 1 });
          return { kind: 'dropped', url: urlOf(id) };
        },
      ),

    remove: (api: Pick<OutgoingWebhooksApi, 'remove'>, sub: WebhookSubscription) =>
      act(
        `delete:${sub.id}`,
        () => api.remove(sub.id),
        () => {
          items.value = items.value.filter((s) => s.id !== sub.id);
          if (logFor.value === sub.id) logFor.value = null;
          return { kind: 'deleted', url: sub.url };
        },
      ),

    /** Forgets the secret shown once. */
    dismissSecret(): void {
      secret.value = null;
    },

    async openLog(api: Pick<OutgoingWebhooksApi, 'messages'>, id: string | null): Promise<void> {
      batch(() => {
        logFor.value = id;
        log.value = [];
      });
      if (id) await loadLog(api, id);
    },

    async replay(api: Pick<OutgoingWebhooksApi, 'replay' | 'messages'>, messageId: string) {
      const result = await act(
        `replay:${messageId}`,
        () => api.replay(messageId),
        (r) => ({ kind: 'replayed', ok: r.ok, status: r.status, attempt: r.attempt }),
      );
      if (logFor.value) await loadLog(api, logFor.value);
      return result;
    },
  };
});

export type OutgoingWebhooksModel = InstanceType<typeof OutgoingWebhooksModel>;
