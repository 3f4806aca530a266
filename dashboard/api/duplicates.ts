import type { Cluster, EraseResult, MergeRequest, MergeResult, ScanResult } from '@contract/duplicates';
import type { ApiResult, Call, TypedClient } from './call';

export type ClusterPage = { items: Cluster[]; nextCursor: string | null; scannedAt: string | null };

/** The duplicate clusters, merge and GDPR erasure calls. */
export type DuplicatesApi = {
  list(cursor?: string | null): Promise<ApiResult<ClusterPage>>;
  scan(): Promise<ApiResult<ScanResult>>;
  dismiss(clusterId: string): Promise<ApiResult<null>>;
  merge(body: MergeRequest): Promise<ApiResult<MergeResult>>;
  undo(mergeId: string): Promise<ApiResult<{ mergeId: string; restoredIds: string[] }>>;
  /** GDPR erasure of one lead, at once and for good (owners; idempotent). */
  erase(leadId: string): Promise<ApiResult<EraseResult>>;
};

export function duplicateCalls(client: TypedClient, call: Call): DuplicatesApi {
  const api = client.api;
  return {
    list: (cursor) => call(() => api.duplicates.$get({ query: cursor ? { cursor } : {} })),
    scan: () => call(() => api.duplicates.scan.$post()),
    dismiss: (clusterId) =>
      call(() => api.duplicates[':clusterId'].dismiss.$post({ param: { clusterId } }), { read: 'none' }),
    merge: (json) => call(() => api.leads.merge.$post({ json })),
    undo: (mergeId) => call(() => api.leads.merges[':mergeId'].undo.$post({ param: { mergeId } })),
    erase: (id) => call(() => api.leads[':id'].erase.$post({ param: { id } })),
  };
}
