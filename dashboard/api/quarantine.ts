import type { QuarantineItem } from '@contract/admin';
import type { OrganizationData, UpdateOrganizationData } from '@contract/organization';
import type { QuarantineBulk, QuarantineBulkResult, QuarantineCount } from '@contract/quarantine';
import type { ApiResult, Call, TypedClient } from './call';

/** The quarantine review (admins and owners): held submissions, release, discard, the navigation's count. */
export type QuarantineApi = {
  /** Held submissions as received, newest first (up to 100). */
  listHeld(): Promise<ApiResult<{ items: QuarantineItem[] }>>;
  count(): Promise<ApiResult<QuarantineCount>>;
  /** 409 `conflict` when someone released it first; 404 when it is gone. */
  release(id: string): Promise<ApiResult<{ leadId: string; outcome: 'created' | 'updated' }>>;
  discard(id: string): Promise<ApiResult<null>>;
  bulk(input: QuarantineBulk): Promise<ApiResult<QuarantineBulkResult>>;
};

/** The organization's data settings (admins and owners). */
export type DataSettingsApi = {
  get(): Promise<ApiResult<OrganizationData>>;
  update(change: UpdateOrganizationData): Promise<ApiResult<OrganizationData>>;
};

export function quarantineCalls(client: TypedClient, call: Call): QuarantineApi {
  const q = client.api.quarantine;
  return {
    listHeld: () => call(() => q.$get({ query: { status: 'held' } })),
    count: () => call(() => q.count.$get()),
    release: (id) => call(() => q[':id'].release.$post({ param: { id } })),
    discard: (id) => call(() => q[':id'].discard.$post({ param: { id } }), { read: 'none' }),
    bulk: (json) => call(() => q.bulk.$post({ json })),
  };
}

export function dataSettingsCalls(client: TypedClient, call: Call): DataSettingsApi {
  const data = client.api.organization.data;
  return {
    get: () => call(() => data.$get()),
    update: (json) => call(() => data.$patch({ json })),
  };
}
