import type { Activity, LogActivity } from '@contract/lead-activities';
import type { LeadDetail } from '@contract/leads';
import type { ApiResult, Call, TypedClient } from './call';

/** An SDR's calls on one lead: take it, hand it back, log what was done. */
export type LeadDayApi = {
  /** Assigns an unassigned lead to the caller; 409 `lead-already-assigned` names who has it. */
  claim(leadId: string): Promise<ApiResult<LeadDetail>>;
  /** Puts the lead back in the pool (its assignee or an admin). */
  release(leadId: string): Promise<ApiResult<LeadDetail>>;
  /** Logs a call, an email or a meeting (a timeline event). */
  logActivity(leadId: string, activity: LogActivity): Promise<ApiResult<Activity>>;
};

export function leadDayCalls(client: TypedClient, call: Call): LeadDayApi {
  const lead = client.api.leads[':id'];
  return {
    claim: (id) => call(() => lead.claim.$post({ param: { id } })),
    release: (id) => call(() => lead.release.$post({ param: { id } })),
    logActivity: (id, json) => call(() => lead.activities.$post({ param: { id }, json })),
  };
}
