import type { Conversion, ConversionPreview, ConvertLeadBody } from '@contract/conversion';
import type {
  AccountDetail,
  AccountListItem,
  ContactDetail,
  ContactListItem,
  OpportunityDetail,
  OpportunityListItem,
  UpdateOpportunityBody,
} from '@contract/crm';
import type { Member } from '@contract/users';
import type { hc } from 'hono/client';
import type { AppType } from '../../edge/app';
import type { ApiResult } from './client';
import type { Problem } from './problem';

/** Lead conversion and the CRM records it creates. */
export interface CrmApi {
  /** What converting the lead would do: matching accounts, opportunity name, assignee. */
  conversionPreview(leadId: string): Promise<ApiResult<ConversionPreview>>;
  /** Converts; a repeat answers with the existing ids (`alreadyConverted`). */
  convertLead(leadId: string, body: ConvertLeadBody): Promise<ApiResult<Conversion>>;
  /** Members of the organization, for the account-executive picker. */
  listUsers(): Promise<ApiResult<{ items: Member[] }>>;
  listAccounts(q: string): Promise<ApiResult<{ items: AccountListItem[] }>>;
  getAccount(id: string): Promise<ApiResult<AccountDetail>>;
  listContacts(q: string): Promise<ApiResult<{ items: ContactListItem[] }>>;
  getContact(id: string): Promise<ApiResult<ContactDetail>>;
  listOpportunities(q: string): Promise<ApiResult<{ items: OpportunityListItem[] }>>;
  getOpportunity(id: string): Promise<ApiResult<OpportunityDetail>>;
  /** Stage or amount; `version` is the one shown, so a concurrent edit gives 409 `version-conflict`. */
  updateOpportunity(id: string, change: UpdateOpportunityBody): Promise<ApiResult<OpportunityDetail>>;
}

type Client = ReturnType<typeof hc<AppType>>;
type AnyResponse = { ok: boolean; status: number; json(): Promise<unknown> };
type Success<R> = R extends { ok: false } ? never : R;
/** The client's `send`: a failed response becomes a problem, never a throw. */
export type Send = <R extends AnyResponse>(
  request: () => Promise<R>,
) => Promise<Success<R> | { ok: false; problem: Problem }>;

/** Reads the JSON of a successful response, passes a problem through. */
async function result<R extends AnyResponse & { json(): Promise<unknown> }>(
  response: R | { ok: false; problem: Problem },
): Promise<ApiResult<Awaited<ReturnType<R['json']>>>> {
  if ('problem' in response) return response;
  return { ok: true, data: (await response.json()) as Awaited<ReturnType<R['json']>> };
}

const search = (q: string) => ({ query: q.trim() ? { q: q.trim() } : {} });

/** The CRM calls, over the same typed client and `send` as the rest of the API client. */
export function crmCalls(client: Client, send: Send): CrmApi {
  const api = client.api;
  return {
    conversionPreview: async (id) =>
      result(await send(() => api.leads[':id']['conversion-preview'].$get({ param: { id } }))),
    convertLead: async (id, body) =>
      result(await send(() => api.leads[':id'].convert.$post({ param: { id }, json: body }))),
    listUsers: async () => result(await send(() => api.users.$get())),
    listAccounts: async (q) => result(await send(() => api.accounts.$get(search(q)))),
    getAccount: async (id) => result(await send(() => api.accounts[':id'].$get({ param: { id } }))),
    listContacts: async (q) => result(await send(() => api.contacts.$get(search(q)))),
    getContact: async (id) => result(await send(() => api.contacts[':id'].$get({ param: { id } }))),
    listOpportunities: async (q) => result(await send(() => api.opportunities.$get(search(q)))),
    getOpportunity: async (id) => result(await send(() => api.opportunities[':id'].$get({ param: { id } }))),
    updateOpportunity: async (id, json) =>
      result(await send(() => api.opportunities[':id'].$patch({ param: { id }, json }))),
  };
}
