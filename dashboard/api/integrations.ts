import type {
  ApiKey,
  CreateApiKey,
  CreatedApiKey,
  CreatedWebhookSource,
  CreateWebhookSource,
  WebhookDelivery,
  WebhookSource,
} from '@contract/admin';
import type { ApiResult, Call, TypedClient } from './call';

/** API keys and incoming webhook sources (admins and owners). */
export type IntegrationsApi = {
  listKeys(): Promise<ApiResult<{ items: ApiKey[] }>>;
  /** The answer carries the key itself, which is never shown again. */
  createKey(body: CreateApiKey): Promise<ApiResult<CreatedApiKey>>;
  revokeKey(id: string): Promise<ApiResult<null>>;
  listSources(): Promise<ApiResult<{ items: WebhookSource[] }>>;
  /** The answer carries the signing secret, which is never shown again. */
  createSource(body: CreateWebhookSource): Promise<ApiResult<CreatedWebhookSource>>;
  /** A new secret (shown once); the old one verifies until `oldSecretValidUntil`. */
  rotateSource(
    id: string,
    oldSecretValidUntil: string,
  ): Promise<ApiResult<{ secret: string; oldSecretsExpireAt: string }>>;
  revokeSource(id: string): Promise<ApiResult<null>>;
  listDeliveries(id: string): Promise<ApiResult<{ items: WebhookDelivery[] }>>;
};

export function integrationCalls(client: TypedClient, call: Call): IntegrationsApi {
  const keys = client.api['api-keys'];
  const sources = client.api['webhook-sources'];
  const source = sources[':id'];
  return {
    listKeys: () => call(() => keys.$get()),
    createKey: (json) => call(() => keys.$post({ json })),
    revokeKey: (id) => call(() => keys[':id'].$delete({ param: { id } }), { read: 'none' }),
    listSources: () => call(() => sources.$get()),
    createSource: (json) => call(() => sources.$post({ json })),
    rotateSource: (id, oldSecretValidUntil) =>
      call(() => source.rotate.$post({ param: { id }, json: { oldSecretValidUntil } })),
    revokeSource: (id) => call(() => source.$delete({ param: { id } }), { read: 'none' }),
    listDeliveries: (id) => call(() => source.deliveries.$get({ param: { id } })),
  };
}
