import type {
  CreatedWebhookSubscription,
  CreateWebhookSubscription,
  UpdateWebhookSubscription,
  WebhookMessage,
  WebhookSubscription,
} from '@contract/outgoing-webhooks';
import type { ApiResult, Call, TypedClient } from './call';

/** What a replay did: the attempt it made and its answer. */
export type ReplayResult = { ok: boolean; attempt: number; status: number | null; error: string | null };

/** The calls of the outgoing webhooks settings (admins and owners). */
export type OutgoingWebhooksApi = {
  list(): Promise<ApiResult<{ items: WebhookSubscription[] }>>;
  create(body: CreateWebhookSubscription): Promise<ApiResult<CreatedWebhookSubscription>>;
  update(id: string, body: UpdateWebhookSubscription): Promise<ApiResult<WebhookSubscription>>;
  remove(id: string): Promise<ApiResult<null>>;
  /** Starts a rotation: the new secret, shown once. */
  rotate(id: string): Promise<ApiResult<{ secret: string; secretCount: number }>>;
  dropOldSecrets(id: string): Promise<ApiResult<null>>;
  /** The delivery log: the latest messages of one endpoint, with every attempt. */
  messages(subscriptionId: string): Promise<ApiResult<{ items: WebhookMessage[] }>>;
  replay(messageId: string): Promise<ApiResult<ReplayResult>>;
};

export function outgoingWebhookCalls(client: TypedClient, call: Call): OutgoingWebhooksApi {
  const subs = client.api['webhook-subscriptions'];
  const messages = client.api['webhook-messages'];
  return {
    list: () => call(() => subs.$get()),
    create: (json) => call(() => subs.$post({ json })),
    update: (id, json) => call(() => subs[':id'].$patch({ param: { id }, json })),
    remove: (id) => call(() => subs[':id'].$delete({ param: { id } }), { read: 'none' }),
    rotate: (id) => call(() => subs[':id'].secrets.$post({ param: { id } })),
    dropOldSecrets: (id) => call(() => subs[':id'].secrets.old.$delete({ param: { id } }), { read: 'none' }),
    messages: (subscriptionId) => call(() => messages.$get({ query: { subscriptionId } })),
    replay: (id) => call(() => messages[':id'].replay.$post({ param: { id } })),
  };
}
