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
import type { ApiResult, Call, TypedClient } from './call';

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

const search = (q: string) => ({ query: q.trim() ? { q: q.trim() } : {} });

/** The CRM calls, over the same typed client and `call` as the rest of the API client. */
export function crmCalls(client: TypedClient, call: Call): CrmApi {
  const api = client.api;
  return {
    conversionPreview: (id) => call(() => api.leads[':id']['conversion-preview'].$get({ param: { id } })),
    convertLead: (id, json) => call(() => api.leads[':id'].convert.$post({ param: { id }, json })),
    listUsers: () => call(() => api.users.$get()),
    listAccounts: (q) => call(() => api.accounts.$get(search(q))),
    getAccount: (id) => call(() => api.accounts[':id'].$get({ param: { id } })),
    listContacts: (q) => call(() => api.contacts.$get(search(q))),
    getContact: (id) => call(() => api.contacts[':id'].$get({ param: { id } })),
    listOpportunities: (q) => call(() => api.opportunities.$get(search(q))),
    getOpportunity: (id) => call(() => api.opportunities[':id'].$get({ param: { id } })),
    updateOpportunity: (id, json) => call(() => api.opportunities[':id'].$patch({ param: { id }, json })),
  };
}
