import type { RoutingRuleInput, SavedRoutingRule } from '@contract/admin';
import type {
  ExplainRoutingRequest,
  LeadRouting,
  ReplayResult,
  ReplayRoutingRequest,
  RoutingExplanation,
} from '@contract/routing';
import type { ApiResult, Call, TypedClient } from './call';

/** The routing editor's calls: the rules, who would get a lead, replay, absences, and a lead's why. */
export type RoutingApi = {
  listRules(): Promise<ApiResult<{ items: SavedRoutingRule[] }>>;
  saveRules(rules: RoutingRuleInput[]): Promise<ApiResult<{ items: SavedRoutingRule[] }>>;
  explain(input: ExplainRoutingRequest): Promise<ApiResult<RoutingExplanation>>;
  replay(input: ReplayRoutingRequest): Promise<ApiResult<ReplayResult>>;
  listAway(): Promise<ApiResult<{ items: Array<{ userId: string; awayUntil: string | null }> }>>;
  setAway(
    userId: string,
    until: string | null,
  ): Promise<ApiResult<{ userId: string; awayUntil: string | null }>>;
  leadRouting(leadId: string): Promise<ApiResult<LeadRouting>>;
};

export function routingCalls(client: TypedClient, call: Call): RoutingApi {
  const rules = client.api['routing-rules'];
  return {
    listRules: () => call(() => rules.$get()),
    saveRules: (list) => call(() => rules.$put({ json: { rules: list } })),
    explain: (json) => call(() => rules.explain.$post({ json })),
    replay: (json) => call(() => rules.replay.$post({ json })),
    listAway: () => call(() => client.api.away.$get()),
    setAway: (userId, until) =>
      call(() => client.api.members[':userId'].away.$put({ param: { userId }, json: { until } })),
    leadRouting: (id) => call(() => client.api.leads[':id'].routing.$get({ param: { id } })),
  };
}
