import type { ImportJobView, ImportPreview, MappingTemplateView } from '@contract/imports';
import type { ApiResult } from '../../api/client';
import { networkProblem, readProblem } from '../../api/problem';

export type Outcome = 'create' | 'update' | 'duplicate_in_file' | 'skip' | 'invalid';
export type DuplicatePolicy = 'skip' | 'fill_empty' | 'overwrite';
/** What happens to the rows that only resemble another person: created and linked, or skipped. */
export type PossibleDuplicateChoice = 'create' | 'skip';

/** The import calls, kept beside the feature (multipart upload and CSV links sit outside the typed client). */
export interface ImportApi {
  upload(file: File): Promise<ApiResult<ImportJobView>>;
  getJob(id: string): Promise<ApiResult<ImportJobView>>;
  updateSettings(
    id: string,
    body: { mapping?: Record<string, string>; policy?: DuplicatePolicy },
  ): Promise<ApiResult<ImportJobView>>;
  preview(
    id: string,
    query: { outcome?: Outcome; cursor?: string | null },
  ): Promise<ApiResult<ImportPreview>>;
  /** For all possible duplicates, or (with `line`) for one of them. */
  choosePossibleDuplicates(
    id: string,
    body: { choice: PossibleDuplicateChoice; line?: number },
  ): Promise<ApiResult<ImportJobView>>;
  commit(id: string): Promise<ApiResult<ImportJobView>>;
  cancel(id: string): Promise<ApiResult<ImportJobView>>;
  listTemplates(): Promise<ApiResult<{ items: MappingTemplateView[] }>>;
  saveTemplate(name: string, mapping: Record<string, string>): Promise<ApiResult<MappingTemplateView>>;
}

/** Where the error report of a job downloads from (a plain link: the browser saves the file). */
export const errorReportUrl = (id: string) => `/api/leads/imports/${encodeURIComponent(id)}/errors.csv`;
export const TEMPLATE_URL = '/api/leads/imports/template.csv';

/** The import API over same-origin fetch, with the session's CSRF token on mutations. */
export function createImportApi(csrfToken: () => string | null, baseFetch: typeof fetch = fetch): ImportApi {
  async function call<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
    const headers = new Headers(init.headers);
    const token = csrfToken();
    if (token && init.method && init.method !== 'GET') headers.set('X-CSRF-Token', token);
    let response: Response;
    try {
      response = await baseFetch(path, { ...init, headers, credentials: 'same-origin' });
    } catch {
      return { ok: false, problem: networkProblem() };
    }
    if (!response.ok) return { ok: false, problem: await readProblem(response) };
    return { ok: true, data: (await response.json()) as T };
  }
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const job = (id: string) => `/api/leads/imports/${encodeURIComponent(id)}`;
  return {
    upload: (file) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call('/api/leads/imports', { method: 'POST', body: form });
    },
    getJob: (id) => call(job(id)),
    updateSettings: (id, body) => call(`${job(id)}/mapping`, json('PUT', body)),
    preview: (id, q) => {
      const params = new URLSearchParams({ limit: '50' });
      if (q.outcome) params.set('outcome', q.outcome);
      if (q.cursor) params.set('cursor', q.cursor);
      return call(`${job(id)}/preview?${params}`);
    },
    choosePossibleDuplicates: (id, body) => call(`${job(id)}/possible-duplicates`, json('PUT', body)),
    commit: (id) => call(`${job(id)}/commit`, { method: 'POST' }),
    cancel: (id) => call(`${job(id)}/cancel`, { method: 'POST' }),
    listTemplates: () => call('/api/leads/imports/templates'),
    saveTemplate: (name, mapping) => call('/api/leads/imports/templates', json('POST', { name, mapping })),
  };
}
