import type { CreateWebhookSource, WebhookDelivery, WebhookSource } from '@contract/admin';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { actionRunner } from '../../api/action';
import type { IntegrationsApi } from '../../api/integrations';
import type { Problem } from '../../api/problem';

/** The outcome of the last action, for the page's status line. */
export type SourceNotice = { kind: 'created' | 'rotated' | 'revoked'; name: string };

/** A secret to show once: a new source's, or a rotation's. */
export type OneTimeSecret = { sourceName: string; secret: string; url: string | null };

/** Overlap choices of a rotation, in hours: how long the old secret keeps working. */
export const OVERLAP_CHOICES = ['1', '24', '168'] as const;
export type OverlapChoice = (typeof OVERLAP_CHOICES)[number];

export function overlapEnd(choice: OverlapChoice, now: Date): string {
  return new Date(now.getTime() + Number(choice) * 3_600_000).toISOString();
}

/** Incoming webhooks: the sources, their one-time secrets, rotation, revocation and delivery logs. */
export const WebhookSourcesModel = createModel(() => {
  const items = signal<WebhookSource[]>([], { name: 'sources.items' });
  const loading = signal(true, { name: 'sources.loading' });
  const problem = signal<Problem | null>(null, { name: 'sources.problem' });
  const notice = signal<SourceNotice | null>(null, { name: 'sources.notice' });
  const busy = signal<string | null>(null, { name: 'sources.busy' });
  const secret = signal<OneTimeSecret | null>(null, { name: 'sources.secret' });
  /** Delivery logs loaded so far, by source. */
  const logs = signal<Record<string, WebhookDelivery[]>>({}, { name: 'sources.logs' });
  const act = actionRunner<SourceNotice>({ busy, problem, notice });

  return {
    items: items as ReadonlySignal<WebhookSource[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<SourceNotice | null>,
    busy: busy as ReadonlySignal<string | null>,
    secret: secret as ReadonlySignal<OneTimeSecret | null>,
    logs: logs as ReadonlySignal<Record<string, WebhookDelivery[]>>,

    async load(api: Pick<IntegrationsApi, 'listSources'>): Promise<void> {
      loading.value = true;
      const result = await api.listSources();
      batch(() => {
        loading.value = false;
        problem.value = result.ok ? null : result.problem;
        if (result.ok) items.value = result.data.items;
      });
    },

    create: (api: Pick<IntegrationsApi, 'createSource' | 'listSources'>, body: CreateWebhookSource) =>
      act(
        'new',
        () => api.createSource(body),
        (created) => {
          secret.value = { sourceName: created.name, secret: created.secret, url: created.url };
          void api.listSources().then((r) => {
            if (r.ok) items.value = r.data.items;
          });
          return { kind: 'created', name: created.name };
        },
      ),

    rotate: (api: Pick<IntegrationsApi, 'rotateSource'>, source: WebhookSource, until: string) =>
      act(
        `rotate:${source.id}`,
        () => api.rotateSource(source.id, until),
        (rotated) => {
          secret.value = { sourceName: source.name, secret: rotated.secret, url: null };
          items.value = items.value.map((s) =>
            s.id === source.id ? { ...s, secretCount: 2, oldSecretsExpireAt: rotated.oldSecretsExpireAt } : s,
          );
          return { kind: 'rotated', name: source.name };
        },
      ),

    revoke: (api: Pick<IntegrationsApi, 'revokeSource'>, source: WebhookSource) =>
      act(
        `revoke:${source.id}`,
        () => api.revokeSource(source.id),
        () => {
          items.value = items.value.filter((s) => s.id !== source.id);
          return { kind: 'revoked', name: source.name };
        },
      ),

    dismissSecret(): void {
      secret.value = null;
    },

    /** Loads (or reloads) a source's delivery log. */
    async loadLog(api: Pick<IntegrationsApi, 'listDeliveries'>, id: string): Promise<void> {
      const result = await api.listDeliveries(id);
      if (result.ok) logs.value = { ...logs.value, [id]: result.data.items };
      else problem.value = result.problem;
    },
  };
});

export type WebhookSourcesModel = InstanceType<typeof WebhookSourcesModel>;
