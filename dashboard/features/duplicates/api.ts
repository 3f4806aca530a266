import type { Cluster, EraseResult, MergeRequest, MergeResult, ScanResult } from '@contract/duplicates';
import { useMemo } from 'preact/hooks';
import type { ApiResult } from '../../api/client';
import { networkProblem, readProblem } from '../../api/problem';
import { useApp } from '../../app-context';

export type ClusterPage = { items: Cluster[]; nextCursor: string | null; scannedAt: string | null };

/** The duplicate, merge and erasure calls; kept with the feature so the shared client stays as it is. */
export type DuplicatesApi = {
  list(cursor?: string | null): Promise<ApiResult<ClusterPage>>;
  scan(): Promise<ApiResult<ScanResult>>;
  dismiss(clusterId: string): Promise<ApiResult<null>>;
  merge(body: MergeRequest): Promise<ApiResult<MergeResult>>;
  undo(mergeId: string): Promise<ApiResult<{ mergeId: string; restoredIds: string[] }>>;
  /** GDPR erasure of one lead, at once and for good (owners; idempotent). */
  erase(leadId: string): Promise<ApiResult<EraseResult>>;
};

export type DuplicatesApiOptions = {
  csrfToken: () => string | null;
  fetch?: typeof fetch;
  onUnauthorized?: () => void;
};

/** Same-origin JSON calls with the CSRF header on mutations; failures are problems, never throws. */
/** The duplicates API for the signed-in session (its CSRF token; a 401 ends the session). */
export function useDuplicatesApi(): DuplicatesApi {
  const { session } = useApp();
  return useMemo(
    () =>
      createDuplicatesApi({
        csrfToken: () => session.csrfToken.value,
        onUnauthorized: () => session.expire(),
      }),
    [session],
  );
}

export function createDuplicatesApi(options: DuplicatesApiOptions): DuplicatesApi {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    const token = options.csrfToken();
    if (method !== 'GET' && token) headers['X-CSRF-Token'] = token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      const init = {
        method,
        headers,
        credentials: 'same-origin' as const,
        body: body === undefined ? undefined : JSON.stringify(body),
      };
      response = await doFetch(path, init);
    } catch {
      return { ok: false, problem: networkProblem() };
    }
    if (!response.ok) {
      if (response.status === 401) options.onUnauthorized?.();
      return { ok: false, problem: await readProblem(response) };
    }
    return { ok: true, data: (response.status === 204 ? null : await response.json()) as T };
  }
  const enc = encodeURIComponent;
  return {
    list: (cursor) => call('GET', `/api/duplicates${cursor ? `?cursor=${enc(cursor)}` : ''}`),
    scan: () => call('POST', '/api/duplicates/scan'),
    dismiss: (id) => call('POST', `/api/duplicates/${enc(id)}/dismiss`),
    merge: (body) => call('POST', '/api/leads/merge', body),
    undo: (id) => call('POST', `/api/leads/merges/${enc(id)}/undo`),
    erase: (id) => call('POST', `/api/leads/${enc(id)}/erase`),
  };
}
