import type { BulkResult, BulkUndoResult } from '@contract/bulk';
import type { CreateForm, Form, FormList, UpdateForm } from '@contract/forms-admin';
import type { LeadCounts, LeadDetail, LeadList } from '@contract/leads';
import type { Notification, NotificationList } from '@contract/notifications';
import type { SavedView } from '@contract/saved-views';
import type { LoginBody, Session } from '@contract/session';
import type { LeadFields } from '@contract/submissions';
import type { Member } from '@contract/users';
import type { ChangeStatusBody, DuplicateMatch, UpdateLeadBody } from '@contract/workspace';
import type { DocumentInfo, Note, Timeline } from '@contract/workspace-activity';
import type { z } from '@hono/zod-openapi';
import { hc, type InferRequestType } from 'hono/client';
import type { AppType } from '../../edge/app';
import type { BulkRequestSchema } from '../../edge/contract/bulk';
import { type CrmApi, crmCalls } from './crm-client';
import { networkProblem, type Problem, readProblem, toProblem } from './problem';

/** Every API call resolves to a result; it never throws into the views. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/** The calls the dashboard makes, typed by the shared contract. Models receive it as an argument. */
export interface ApiClient extends CrmApi {
  /** The current session, or a 401 problem when nobody is signed in. */
  getSession(): Promise<ApiResult<Session>>;
  /** Signs in; a 401 here means `invalid-credentials`, not an expired session. */
  signIn(credentials: LoginBody): Promise<ApiResult<Session>>;
  signOut(): Promise<ApiResult<null>>;
  /** A page of leads; `params` are the filter, search and sort in their query-string form (see features/leads/query.ts). */
  listLeads(query: {
    limit: number;
    cursor?: string | null;
    params?: Record<string, string>;
  }): Promise<ApiResult<LeadList>>;
  /** Leads per status for the list's filter, fetched beside the page so that the list never waits for it. */
  countLeads(params: Record<string, string>): Promise<ApiResult<LeadCounts>>;
  /** One lead with everything the detail page shows, including its `version` and `allowedTransitions`. */
  getLead(id: string): Promise<ApiResult<LeadDetail>>;
  /** Moves a lead through the pipeline; 409 `invalid-transition` or `version-conflict`, 422 without a loss reason. */
  changeStatus(id: string, body: ChangeStatusBody): Promise<ApiResult<LeadDetail>>;
  /** Quick create: a match by email or phone updates the existing lead (`outcome: 'updated'`). */
  createLead(fields: LeadFields): Promise<ApiResult<{ id: string; outcome: 'created' | 'updated' }>>;
  /** Leads that look like the one being typed (email, phone, or names and company). */
  checkDuplicates(query: DuplicateCheckInput): Promise<ApiResult<{ matches: DuplicateMatch[] }>>;
  /** Edits fields; `version` is the one shown, so a concurrent edit gives 409 `version-conflict`. */
  updateLead(id: string, change: UpdateLeadBody): Promise<ApiResult<LeadDetail>>;
  /** Assigns to a user (null unassigns). */
  assignLead(id: string, assigneeId: string | null, version: number): Promise<ApiResult<LeadDetail>>;
  addTags(id: string, tags: string[], version: number): Promise<ApiResult<LeadTags>>;
  removeTag(id: string, tag: string, version: number): Promise<ApiResult<LeadTags>>;
  /** Tags in use starting with `q`, most used first. */
  suggestTags(q: string): Promise<ApiResult<{ items: { tag: string; count: number }[] }>>;
  /** A lead's history, newest first; `types` filters by event type. */
  getTimeline(id: string, types: string[]): Promise<ApiResult<Timeline>>;
  listNotes(id: string): Promise<ApiResult<{ items: Note[] }>>;
  addNote(id: string, body: string): Promise<ApiResult<Note>>;
  updateNote(id: string, noteId: string, body: string): Promise<ApiResult<Note>>;
  deleteNote(id: string, noteId: string): Promise<ApiResult<null>>;
  listDocuments(id: string): Promise<ApiResult<{ items: DocumentInfo[] }>>;
  /** Uploads one file (multipart part `file`); 413 when too large. */
  uploadDocument(id: string, file: File): Promise<ApiResult<DocumentInfo>>;
  listForms(): Promise<ApiResult<FormList>>;
  getForm(id: string): Promise<ApiResult<Form>>;
  createForm(input: CreateForm): Promise<ApiResult<Form>>;
  /** Replaces the settings sent; the others stay. */
  updateForm(id: string, change: UpdateForm): Promise<ApiResult<Form>>;
  setFormEnabled(id: string, enabled: boolean): Promise<ApiResult<Form>>;
  /** The built widget's manifest (`/widget.manifest.json`): its content-hashed file and SRI hash. */
  getWidgetManifest(): Promise<ApiResult<WidgetManifest>>;
  /**
   * Fetches a form's public definition past the browser's HTTP cache (it may be cached for a minute), so
   * the widget in the preview reads the saved version. Never fails: the widget reports its own errors.
   */
  reloadPublicForm(id: string): Promise<void>;
  // SDR workspace: notifications, members, saved views, documents
  /** The caller's notifications, newest first, with the unread count. */
  listNotifications(query: { limit: number; unread?: boolean }): Promise<ApiResult<NotificationList>>;
  markNotificationRead(id: string): Promise<ApiResult<Notification>>;
  markAllNotificationsRead(): Promise<ApiResult<{ unreadCount: number }>>;
  /** The organization's members by name; `assignable` says who can take leads. */
  listMembers(): Promise<ApiResult<{ items: Member[] }>>;
  listSavedViews(): Promise<ApiResult<{ items: SavedView[] }>>;
  createSavedView(input: CreateSavedViewBody): Promise<ApiResult<SavedView>>;
  updateSavedView(id: string, change: Partial<CreateSavedViewBody>): Promise<ApiResult<SavedView>>;
  deleteSavedView(id: string): Promise<ApiResult<null>>;
  deleteDocument(id: string, documentId: string): Promise<ApiResult<null>>;
  // Bulk operations and export
  /** One action over up to 1,000 leads; 422 `too-many-leads` (with `count`) above that. */
  bulkLeads(request: BulkRequestBody): Promise<ApiResult<BulkResult>>;
  /** Undoes a bulk operation within 30 s; 410 `undo-expired` after. */
  undoBulk(operationId: string): Promise<ApiResult<BulkUndoResult>>;
  /** The URL that downloads the leads of a filter (query-string form) as CSV or JSON. */
  exportUrl(params: Record<string, string>, format: 'csv' | 'json'): string;
}

/** A saved view as the dashboard sends it. */
export type CreateSavedViewBody = { name: string; filter: Record<string, string>; shared?: boolean };

type LeadListParams = InferRequestType<ReturnType<typeof hc<AppType>>['api']['leads']['$get']>['query'];
type LeadCountsParams = InferRequestType<
  ReturnType<typeof hc<AppType>>['api']['leads']['counts']['$get']
>['query'];

/** A bulk request as sent (tags before normalization, the filter in its query-string form). */
export type BulkRequestBody = z.input<typeof BulkRequestSchema>;

/** A lead's tags after a change, with its new version. */
export type LeadTags = { tags: string[]; version: number };

/** What the quick-create form has typed so far. */
export type DuplicateCheckInput = Partial<Record<'email' | 'phone' | 'first' | 'last' | 'company', string>>;

/** The part of `widget.manifest.json` the SRI snippet needs. */
export type WidgetManifest = { file: string; sri: string };

export type ApiClientOptions = {
  /** Origin of the API, e.g. `location.origin`. */
  baseUrl: string;
  /** The session's CSRF token, sent as `X-CSRF-Token` on every mutation. */
  csrfToken: () => string | null;
  /** Called when a request that needs a session gets 401 (the session expired or was revoked). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The minimum of hono's `ClientResponse` this module relies on. */
type AnyResponse = { ok: boolean; status: number; json(): Promise<unknown> };

/** Statuses whose response type says `ok: false` are failures, so only the success bodies remain. */
type Success<R> = R extends { ok: false } ? never : R;

type Failure = { ok: false; problem: Problem };

/** Creates the API client: same-origin cookies, CSRF header on mutations, problems instead of throws. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const sameOriginFetch: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    const token = options.csrfToken();
    if (token && !SAFE_METHODS.has((init.method ?? 'GET').toUpperCase())) headers.set('X-CSRF-Token', token);
    return baseFetch(input, { ...init, headers, credentials: 'same-origin' });
  };

  const client = hc<AppType>(options.baseUrl, { fetch: sameOriginFetch });

  async function send<R extends AnyResponse>(
    request: () => Promise<R>,
    { unauthorizedMeansExpired = true } = {},
  ): Promise<Success<R> | Failure> {
    let response: R;
    try {
      response = await request();
    } catch {
      return { ok: false, problem: networkProblem() };
    }
    if (response.ok) return response as Success<R>;
    if (response.status === 401 && unauthorizedMeansExpired) options.onUnauthorized?.();
    return { ok: false, problem: await readProblem(response) };
  }

  return {
    async getSession() {
      const response = await send(() => client.api.session.$get());
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async signIn(credentials) {
      const response = await send(() => client.api.session.$post({ json: credentials }), {
        unauthorizedMeansExpired: false,
      });
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async signOut() {
      const response = await send(() => client.api.session.$delete());
      if ('problem' in response) return response;
      return { ok: true, data: null };
    },

    async listLeads({ limit, cursor, params = {} }) {
      // The server validates every parameter (a bad one is a 422 problem), so the loose record is safe to pass.
      const query = { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) } as LeadListParams;
      const response = await send(() => client.api.leads.$get({ query }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async countLeads(params) {
      const query = params as LeadCountsParams;
      const response = await send(() => client.api.leads.counts.$get({ query }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async getLead(id) {
      const response = await send(() => client.api.leads[':id'].$get({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async changeStatus(id, body) {
      const response = await send(() => client.api.leads[':id'].status.$post({ param: { id }, json: body }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async createLead(fields) {
      const response = await send(() => client.api.leads.$post({ json: fields }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async checkDuplicates(query) {
      const response = await send(() => client.api.leads.duplicates.check.$get({ query }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async updateLead(id, change) {
      const response = await send(() => client.api.leads[':id'].$patch({ param: { id }, json: change }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async assignLead(id, assigneeId, version) {
      const response = await send(() =>
        client.api.leads[':id'].assign.$post({ param: { id }, json: { assigneeId, version } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async addTags(id, tags, version) {
      const response = await send(() =>
        client.api.leads[':id'].tags.$post({ param: { id }, json: { tags, version } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async removeTag(id, tag, version) {
      const response = await send(() =>
        client.api.leads[':id'].tags[':tag'].$delete(
          { param: { id, tag } },
          { headers: { 'If-Match': `"${version}"` } },
        ),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async suggestTags(q) {
      const response = await send(() => client.api.tags.$get({ query: { q } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async getTimeline(id, types) {
      const query = types.length ? { type: types.join(',') } : {};
      const response = await send(() => client.api.leads[':id'].timeline.$get({ param: { id }, query }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async listNotes(id) {
      const response = await send(() => client.api.leads[':id'].notes.$get({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async addNote(id, body) {
      const response = await send(() =>
        client.api.leads[':id'].notes.$post({ param: { id }, json: { body } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async updateNote(id, noteId, body) {
      const response = await send(() =>
        client.api.leads[':id'].notes[':noteId'].$patch({ param: { id, noteId }, json: { body } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async deleteNote(id, noteId) {
      const response = await send(() =>
        client.api.leads[':id'].notes[':noteId'].$delete({ param: { id, noteId } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: null };
    },

    async listDocuments(id) {
      const response = await send(() => client.api.leads[':id'].documents.$get({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async uploadDocument(id, file) {
      const response = await send(() =>
        client.api.leads[':id'].documents.$post({ param: { id }, form: { file } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async listForms() {
      const response = await send(() => client.api.forms.$get());
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async getForm(id) {
      const response = await send(() => client.api.forms[':id'].$get({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async createForm(input) {
      const response = await send(() => client.api.forms.$post({ json: input }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async updateForm(id, change) {
      const response = await send(() => client.api.forms[':id'].$patch({ param: { id }, json: change }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async setFormEnabled(id, enabled) {
      const route = client.api.forms[':id'][enabled ? 'enable' : 'disable'];
      const response = await send(() => route.$post({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async getWidgetManifest() {
      let response: Response;
      try {
        response = await baseFetch(`${options.baseUrl}/widget.manifest.json`);
      } catch {
        return { ok: false, problem: networkProblem() };
      }
      const body: unknown = await response.json().catch(() => null);
      const manifest = body as Partial<WidgetManifest> | null;
      if (response.ok && typeof manifest?.file === 'string' && typeof manifest.sri === 'string')
        return { ok: true, data: { file: manifest.file, sri: manifest.sri } };
      return { ok: false, problem: toProblem(response.status, null) };
    },

    async reloadPublicForm(id) {
      try {
        await baseFetch(`${options.baseUrl}/v1/forms/${encodeURIComponent(id)}`, { cache: 'reload' });
      } catch {
        // The preview shows the widget's own error state.
      }
    },

    // SDR workspace: notifications, members, saved views, documents
    async listNotifications({ limit, unread }) {
      const query = { limit: String(limit), ...(unread ? { unread: 'true' as const } : {}) };
      const response = await send(() => client.api.notifications.$get({ query }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async markNotificationRead(id) {
      const response = await send(() => client.api.notifications[':id'].read.$post({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async markAllNotificationsRead() {
      const response = await send(() => client.api.notifications['read-all'].$post());
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async listMembers() {
      const response = await send(() => client.api.users.$get());
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async listSavedViews() {
      const response = await send(() => client.api['saved-views'].$get());
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async createSavedView(input) {
      const response = await send(() => client.api['saved-views'].$post({ json: input }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async updateSavedView(id, change) {
      const response = await send(() =>
        client.api['saved-views'][':id'].$patch({ param: { id }, json: change }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async deleteSavedView(id) {
      const response = await send(() => client.api['saved-views'][':id'].$delete({ param: { id } }));
      if ('problem' in response) return response;
      return { ok: true, data: null };
    },

    async deleteDocument(id, documentId) {
      const response = await send(() =>
        client.api.leads[':id'].documents[':documentId'].$delete({ param: { id, documentId } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: null };
    },

    async bulkLeads(request) {
      const response = await send(() => client.api.leads.bulk.$post({ json: request as never }));
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    async undoBulk(operationId) {
      const response = await send(() =>
        client.api.leads.bulk[':operationId'].undo.$post({ param: { operationId } }),
      );
      if ('problem' in response) return response;
      return { ok: true, data: await response.json() };
    },

    exportUrl(params, format) {
      return `${options.baseUrl}/api/leads/export?${new URLSearchParams({ ...params, format })}`;
    },
    // lead conversion and CRM records
    ...crmCalls(client, send),
  };
}
