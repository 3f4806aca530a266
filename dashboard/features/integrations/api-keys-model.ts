import type { ApiKey, CreateApiKey, CreatedApiKey } from '@contract/admin';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { actionRunner } from '../../api/action';
import type { IntegrationsApi } from '../../api/integrations';
import type { Problem } from '../../api/problem';

/** The outcome of the last action, for the page's status line (problems go to its alert or a field). */
export type ApiKeyNotice = { kind: 'created' | 'revoked'; name: string };

/** Expiry choices of the create form, in days (`never`: no expiry). */
export const EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** The expiry to send for a choice, counted from `now`. */
export function expiryFor(choice: ExpiryChoice, now: Date): string | undefined {
  return choice === 'never' ? undefined : new Date(now.getTime() + Number(choice) * 86_400_000).toISOString();
}

/** The API keys page: the keys, creating one (its secret held until the dialog is closed), revoking. */
export const ApiKeysModel = createModel(() => {
  const items = signal<ApiKey[]>([], { name: 'apiKeys.items' });
  const loading = signal(true, { name: 'apiKeys.loading' });
  const problem = signal<Problem | null>(null, { name: 'apiKeys.problem' });
  const notice = signal<ApiKeyNotice | null>(null, { name: 'apiKeys.notice' });
  const busy = signal<string | null>(null, { name: 'apiKeys.busy' });
  /** The key just created, whose secret the page shows once; cleared when the person closes it. */
  const created = signal<CreatedApiKey | null>(null, { name: 'apiKeys.created' });
  const act = actionRunner<ApiKeyNotice>({ busy, problem, notice });

  return {
    items: items as ReadonlySignal<ApiKey[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<ApiKeyNotice | null>,
    busy: busy as ReadonlySignal<string | null>,
    created: created as ReadonlySignal<CreatedApiKey | null>,

    async load(api: Pick<IntegrationsApi, 'listKeys'>): Promise<void> {
      loading.value = true;
      const result = await api.listKeys();
      batch(() => {
        loading.value = false;
        problem.value = result.ok ? null : result.problem;
        if (result.ok) items.value = result.data.items;
      });
    },

    /** Creates a key; it heads the list (without its secret) and its secret waits in `created`. */
    create: (api: Pick<IntegrationsApi, 'createKey'>, body: CreateApiKey) =>
      act(
        'new',
        () => api.createKey(body),
        (key) => {
          const { key: _secret, ...listed } = key;
          items.value = [{ ...listed, lastUsedAt: null, lastUsedIp: null, createdBy: null }, ...items.value];
          created.value = key;
          return { kind: 'created', name: key.name };
        },
      ),

    /** Forgets the one-time secret (the dialog was closed). */
    dismissCreated(): void {
      created.value = null;
    },

    revoke: (api: Pick<IntegrationsApi, 'revokeKey'>, key: ApiKey) =>
      act(
        key.id,
        () => api.revokeKey(key.id),
        () => {
          items.value = items.value.filter((k) => k.id !== key.id);
          return { kind: 'revoked', name: key.name };
        },
      ),
  };
});

export type ApiKeysModel = InstanceType<typeof ApiKeysModel>;
