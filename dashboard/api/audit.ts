import type { AuditPage, AuditSettings, UpdateAuditSettings } from '@contract/audit';
import type { InferRequestType } from 'hono/client';
import type { ApiResult, Call, TypedClient } from './call';

/** The audit log's filters in their query-string form (action, actorType, actorId, entityType, entityId, from, to). */
export type AuditParams = Record<string, string>;

/** The calls of the audit log page (admins and owners). */
export type AuditApi = {
  list(params: AuditParams, cursor: string | null): Promise<ApiResult<AuditPage>>;
  /** The URL that downloads the filtered log as CSV (the browser sends the session cookie). */
  exportUrl(params: AuditParams): string;
  getSettings(): Promise<ApiResult<AuditSettings>>;
  saveSettings(settings: UpdateAuditSettings): Promise<ApiResult<AuditSettings>>;
};

type Query = InferRequestType<TypedClient['api']['audit']['$get']>['query'];

export function auditCalls(client: TypedClient, call: Call, baseUrl: string): AuditApi {
  const audit = client.api.audit;
  return {
    // The server validates the filters (a bad one is a 400 problem naming it), so the loose record is safe.
    list: (params, cursor) =>
      call(() => audit.$get({ query: { ...params, ...(cursor ? { cursor } : {}) } as Query })),
    exportUrl: (params) => `${baseUrl}/api/audit/export?${new URLSearchParams(params)}`,
    getSettings: () => call(() => audit.settings.$get()),
    saveSettings: (json) => call(() => audit.settings.$put({ json })),
  };
}
