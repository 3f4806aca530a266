import type { BulkResult, BulkUndoResult } from '@contract/bulk';
import type { CreateForm, Form, FormList, RefusedOriginList, UpdateForm } from '@contract/forms-admin';
import type { CustomKeys, LeadCounts, LeadDetail, LeadList } from '@contract/leads';
import type { Notification, NotificationList } from '@contract/notifications';
import type { OutboxList } from '@contract/outbox';
import type { SavedView, ViewLayout } from '@contract/saved-views';
import type { GlobalSearch } from '@contract/search';
import type { LoginBody, Session } from '@contract/session';
import type { LeadFields } from '@contract/submissions';
import type { Member } from '@contract/users';
import type { ChangeStatusBody, DuplicateMatch, UpdateLeadBody } from '@contract/workspace';
import type { DocumentInfo, Note, Timeline } from '@contract/workspace-activity';
import type { z } from '@hono/zod-openapi';
import type { InferRequestType } from 'hono/client';
import type { BulkRequestSchema } from '../../edge/contract/bulk';
import { type AuditApi, auditCalls } from './audit';
import { type ApiClientOptions, type ApiResult, createTransport, type TypedClient } from './call';
import { type CrmApi, crmCalls } from './crm';
import { type DuplicatesApi, duplicateCalls } from './duplicates';
import { type ImportApi, importCalls } from './imports';
import { type IntegrationsApi, integrationCalls } from './integrations';
import { type LeadDayApi, leadDayCalls } from './lead-day';
import { type OutgoingWebhooksApi, outgoingWebhookCalls } from './outgoing-webhooks';
import { type PeopleApi, peopleCalls } from './people';
import { networkProblem, toProblem } from './problem';
import { type DataSettingsApi, dataSettingsCalls, type QuarantineApi, quarantineCalls } from './quarantine';
import { type ReportsApi, reportCalls } from './reports';
import { type RoutingApi, routingCalls } from './routing';
import { type ScoringApi, scoringCalls } from './scoring';
import { type SsoApi, ssoCalls } from './sso';
import { type TasksApi, taskCalls } from './tasks';

export type { ApiClientOptions, ApiResult } from './call';

/** The calls the dashboard makes, typed by the shared contract. Models receive it as an argument. */
export interface ApiClient extends CrmApi {
  /** The current session, or a 401 problem when nobody is signed in. */
  getSession(): Promise<ApiResult<Session>>;
  /** Signs in; a 401 here means `invalid-credentials`, not an expired session. */
  signIn(credentials: LoginBody): Promise<ApiResult<Session>>;
  signOut(): Promise<ApiResult<null>>;
  /** Asks for a password-reset email; 202 whether or not the address has an account, 429 when throttled. */
  requestPasswordReset(email: string): Promise<ApiResult<null>>;
  /** Sets a new password with a reset link's token; 404/410 for a forged, expired or used link. */
  confirmPasswordReset(token: string, password: string): Promise<ApiResult<null>>;
  /** A page of leads; `params` are the filter, search and sort in their query-string form (see features/leads/query.ts). */
  listLeads(query: {
    limit: number;
    cursor?: string | null;
    params?: Record<string, string>;
  }): Promise<ApiResult<LeadList>>;
  /** Leads per status for the list's filter, fetched beside the page so that the list never waits for it. */
  countLeads(params: Record<string, string>): Promise<ApiResult<LeadCounts>>;
  /** The app-wide search: up to five leads, accounts, contacts and opportunities matching `q`. */
  search(q: string): Promise<ApiResult<GlobalSearch>>;
  /** The custom attribute keys of the organization's recent leads, for list columns. */
  listCustomKeys(): Promise<ApiResult<CustomKeys>>;
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
  assignLead(id: string, assigneeId: string | null, version?: number): Promise<ApiResult<LeadDetail>>;
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
  /** The origins the form refused lately, newest first (admins). */
  listRefusedOrigins(id: string): Promise<ApiResult<RefusedOriginList>>;
  /** Adds one origin to the form's allowed origins at once (saved, audited); it leaves the refused list. */
  allowOrigin(id: string, origin: string): Promise<ApiResult<Form>>;
  /** The built widget's manifest (`/widget.manifest.json`): its content-hashed file and SRI hash. */
  getWidgetManifest(): Promise<ApiResult<WidgetManifest>>;
  /**
   * Fetches a form's public definition past the browser's HTTP cache (it may be cached for a minute), so
   * the widget in the preview reads the saved version. Never fails: the widget reports its own errors.
   */
  reloadPublicForm(id: string): Promise<void>;
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
  /** One action over up to 1,000 leads; 422 `too-many-leads` (with `count`) above that. */
  bulkLeads(request: BulkRequestBody): Promise<ApiResult<BulkResult>>;
  /** Undoes a bulk operation within 30 s; 410 `undo-expired` after. */
  undoBulk(operationId: string): Promise<ApiResult<BulkUndoResult>>;
  /** The URL that downloads the leads of a filter (query-string form) as CSV or JSON. */
  exportUrl(params: Record<string, string>, format: 'csv' | 'json'): string;
  /** Claiming, releasing and logging activities on a lead. */
  leadDay: LeadDayApi;
  /** Duplicate clusters, merge and erasure. */
  duplicates: DuplicatesApi;
  /** The CSV import wizard's jobs and mapping templates. */
  imports: ImportApi;
  /** Funnel, velocity, attribution and rep reports. */
  reports: ReportsApi;
  /** Single sign-on: the owner's settings and the sign-in URLs. */
  sso: SsoApi;
  /** My tasks, a lead's tasks, done and snooze. */
  tasks: TasksApi;
  /** The emails Leadgate sent or would have sent (admins and owners). */
  outbox: { list(): Promise<ApiResult<OutboxList>> };
  /** Held submissions: review, release, discard (admins and owners). */
  quarantine: QuarantineApi;
  /** Purge delay, quarantine retention, origins shared by every form, default form language. */
  dataSettings: DataSettingsApi;
  /** The organization's audit log, its export and retention (admins and owners). */
  audit: AuditApi;
  /** Outgoing webhooks: endpoints, secrets, the delivery log and replays (admins and owners). */
  outgoingWebhooks: OutgoingWebhooksApi;
  /** First-run setup, invitations, members and the signed-in person's own account. */
  people: PeopleApi;
  /** The scoring model: versions, diff, preview, save, restore and the background rescore. */
  scoring: ScoringApi;
  /** Routing rules, who would get a lead, replay, absences, a lead's why. */
  routing: RoutingApi;
  /** API keys and incoming webhook sources. */
  integrations: IntegrationsApi;
}

/** A saved view as the dashboard sends it. */
export type CreateSavedViewBody = {
  name: string;
  filter: Record<string, string>;
  layout?: ViewLayout | null;
  shared?: boolean;
};

type LeadListParams = InferRequestType<TypedClient['api']['leads']['$get']>['query'];
type LeadCountsParams = InferRequestType<TypedClient['api']['leads']['counts']['$get']>['query'];

/** A bulk request as sent (tags before normalization, the filter in its query-string form). */
export type BulkRequestBody = z.input<typeof BulkRequestSchema>;

/** A lead's tags after a change, with its new version. */
export type LeadTags = { tags: string[]; version: number };

/** What the quick-create form has typed so far. */
export type DuplicateCheckInput = Partial<Record<'email' | 'phone' | 'first' | 'last' | 'company', string>>;

/** The part of `widget.manifest.json` the SRI snippet needs. */
export type WidgetManifest = { file: string; sri: string };

/** Creates the API client: same-origin cookies, CSRF header on mutations, problems instead of throws. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { client, call, baseFetch } = createTransport(options);
  const api = client.api;
  const lead = api.leads[':id'];
  return {
    getSession: () => call(() => api.session.$get()),
    signIn: (credentials) =>
      call(() => api.session.$post({ json: credentials }), { unauthorizedEndsSession: false }),
    signOut: () => call(() => api.session.$delete(), { read: 'none' }),
    requestPasswordReset: (email) =>
      call(() => api['password-reset'].$post({ json: { email } }), { read: 'none' }),
    confirmPasswordReset: (token, password) =>
      call(() => api['password-reset'].confirm.$post({ json: { token, password } }), { read: 'none' }),
    listLeads: ({ limit, cursor, params = {} }) => {
      // The server validates every parameter (a bad one is a 422 problem), so the loose record is safe to pass.
      const query = { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) } as LeadListParams;
      return call(() => api.leads.$get({ query }));
    },
    countLeads: (params) => call(() => api.leads.counts.$get({ query: params as LeadCountsParams })),
    search: (q) => call(() => api.search.$get({ query: { q } })),
    listCustomKeys: () => call(() => api.leads['custom-keys'].$get()),
    getLead: (id) => call(() => lead.$get({ param: { id } })),
    changeStatus: (id, json) => call(() => lead.status.$post({ param: { id }, json })),
    createLead: (json) => call(() => api.leads.$post({ json })),
    checkDuplicates: (query) => call(() => api.leads.duplicates.check.$get({ query })),
    updateLead: (id, json) => call(() => lead.$patch({ param: { id }, json })),
    assignLead: (id, assigneeId, version) =>
      call(() => lead.assign.$post({ param: { id }, json: { assigneeId, version } })),
    addTags: (id, tags, version) => call(() => lead.tags.$post({ param: { id }, json: { tags, version } })),
    removeTag: (id, tag, version) =>
      call(() =>
        lead.tags[':tag'].$delete({ param: { id, tag } }, { headers: { 'If-Match': `"${version}"` } }),
      ),
    suggestTags: (q) => call(() => api.tags.$get({ query: { q } })),
    getTimeline: (id, types) =>
      call(() => lead.timeline.$get({ param: { id }, query: types.length ? { type: types.join(',') } : {} })),
    listNotes: (id) => call(() => lead.notes.$get({ param: { id } })),
    addNote: (id, body) => call(() => lead.notes.$post({ param: { id }, json: { body } })),
    updateNote: (id, noteId, body) =>
      call(() => lead.notes[':noteId'].$patch({ param: { id, noteId }, json: { body } })),
    deleteNote: (id, noteId) =>
      call(() => lead.notes[':noteId'].$delete({ param: { id, noteId } }), { read: 'none' }),
    listDocuments: (id) => call(() => lead.documents.$get({ param: { id } })),
    uploadDocument: (id, file) => call(() => lead.documents.$post({ param: { id }, form: { file } })),
    deleteDocument: (id, documentId) =>
      call(() => lead.documents[':documentId'].$delete({ param: { id, documentId } }), { read: 'none' }),
    listForms: () => call(() => api.forms.$get()),
    getForm: (id) => call(() => api.forms[':id'].$get({ param: { id } })),
    createForm: (json) => call(() => api.forms.$post({ json })),
    updateForm: (id, json) => call(() => api.forms[':id'].$patch({ param: { id }, json })),
    setFormEnabled: (id, enabled) =>
      call(() => api.forms[':id'][enabled ? 'enable' : 'disable'].$post({ param: { id } })),
    listRefusedOrigins: (id) => call(() => api.forms[':id']['refused-origins'].$get({ param: { id } })),
    allowOrigin: (id, origin) =>
      call(() => api.forms[':id']['allowed-origins'].$post({ param: { id }, json: { origin } })),
    getWidgetManifest: () => widgetManifest(baseFetch, options.baseUrl),
    async reloadPublicForm(id) {
      try {
        await baseFetch(`${options.baseUrl}/v1/forms/${encodeURIComponent(id)}`, { cache: 'reload' });
      } catch {
        // The preview shows the widget's own error state.
      }
    },
    listNotifications: ({ limit, unread }) => {
      const query = { limit: String(limit), ...(unread ? { unread: 'true' as const } : {}) };
      return call(() => api.notifications.$get({ query }));
    },
    markNotificationRead: (id) => call(() => api.notifications[':id'].read.$post({ param: { id } })),
    markAllNotificationsRead: () => call(() => api.notifications['read-all'].$post()),
    listMembers: () => call(() => api.users.$get()),
    listSavedViews: () => call(() => api['saved-views'].$get()),
    createSavedView: (json) => call(() => api['saved-views'].$post({ json })),
    updateSavedView: (id, json) => call(() => api['saved-views'][':id'].$patch({ param: { id }, json })),
    deleteSavedView: (id) =>
      call(() => api['saved-views'][':id'].$delete({ param: { id } }), { read: 'none' }),
    bulkLeads: (request) => call(() => api.leads.bulk.$post({ json: request as never })),
    undoBulk: (operationId) =>
      call(() => api.leads.bulk[':operationId'].undo.$post({ param: { operationId } })),
    exportUrl: (params, format) =>
      `${options.baseUrl}/api/leads/export?${new URLSearchParams({ ...params, format })}`,
    ...crmCalls(client, call),
    leadDay: leadDayCalls(client, call),
    duplicates: duplicateCalls(client, call),
    imports: importCalls(client, call, options.baseUrl),
    reports: reportCalls(client, call, options.baseUrl),
    sso: ssoCalls(client, call, options.baseUrl),
    tasks: taskCalls(client, call),
    outbox: { list: () => call(() => api.outbox.$get()) },
    quarantine: quarantineCalls(client, call),
    dataSettings: dataSettingsCalls(client, call),
    audit: auditCalls(client, call, options.baseUrl),
    outgoingWebhooks: outgoingWebhookCalls(client, call),
    people: peopleCalls(client, call),
    scoring: scoringCalls(client, call),
    routing: routingCalls(client, call),
    integrations: integrationCalls(client, call),
  };
}

/** The widget's manifest is a static file, not an API route: read it and keep the two fields the snippet needs. */
async function widgetManifest(baseFetch: typeof fetch, baseUrl: string): Promise<ApiResult<WidgetManifest>> {
  let response: Response;
  try {
    response = await baseFetch(`${baseUrl}/widget.manifest.json`);
  } catch {
    return { ok: false, problem: networkProblem() };
  }
  const body: unknown = await response.json().catch(() => null);
  const manifest = body as Partial<WidgetManifest> | null;
  if (response.ok && typeof manifest?.file === 'string' && typeof manifest.sri === 'string')
    return { ok: true, data: { file: manifest.file, sri: manifest.sri } };
  return { ok: false, problem: toProblem(response.status, null) };
}
