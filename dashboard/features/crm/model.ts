import type { AccountListItem, ContactListItem, OpportunityDetail, OpportunityListItem } from '@contract/crm';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '@core/convert-plan';
import type { ReadonlySignal } from '@preact/signals';
import type { ApiClient, ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import { type Phase, recordSignals } from '../../api/record-state';
import type { MessageKey } from '../../i18n';

export type CrmKind = 'accounts' | 'contacts' | 'opportunities';

/** The rows of each list, by kind. */
export type CrmRows = {
  accounts: AccountListItem[];
  contacts: ContactListItem[];
  opportunities: OpportunityListItem[];
};

export type { Phase } from '../../api/record-state';

const STAGE_KEYS: Record<OpportunityStage, MessageKey> = {
  Qualification: 'crm.stage.qualification',
  'Needs Analysis': 'crm.stage.needsAnalysis',
  Proposal: 'crm.stage.proposal',
  Negotiation: 'crm.stage.negotiation',
  'Closed Won': 'crm.stage.closedWon',
  'Closed Lost': 'crm.stage.closedLost',
};

/** The catalog key of an opportunity stage. */
export function stageKey(stage: OpportunityStage): MessageKey {
  return STAGE_KEYS[stage];
}

export { OPPORTUNITY_STAGES };

/** "Jane Doe" from a record's name parts. */
export function personName(p: { firstName: string | null; lastName: string }): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ');
}

/** One record loaded by id: its value, phase and problem, and `load` that fills them. */
export function createRecordState<T>(name: string) {
  const { value, phase, problem, settle } = recordSignals<T>(name);
  return {
    value: value as ReadonlySignal<T | null>,
    phase: phase as ReadonlySignal<Phase>,
    problem: problem as ReadonlySignal<Problem | null>,
    load: async (request: () => Promise<ApiResult<T>>) => settle(await request()),
    /** Replaces the value with a newer answer of the server (after a save). */
    set: (next: T) => {
      value.value = next;
    },
  };
}

/** Loads one list kind with a name search. */
export function fetchList<K extends CrmKind>(
  api: ApiClient,
  kind: K,
  q: string,
): Promise<ApiResult<CrmRows[K]>> {
  const calls = {
    accounts: () => api.listAccounts(q),
    contacts: () => api.listContacts(q),
    opportunities: () => api.listOpportunities(q),
  };
  return calls[kind]().then((r) => (r.ok ? { ok: true, data: r.data.items as CrmRows[K] } : r));
}

export type SaveOutcome = 'saved' | 'conflict' | 'failed';

/** Saves an opportunity's stage and amount based on the version shown; a conflict keeps the old value. */
export async function saveOpportunity(
  api: ApiClient,
  current: OpportunityDetail,
  change: { stage: OpportunityStage; amount: number },
): Promise<{ outcome: SaveOutcome; opportunity?: OpportunityDetail; problem?: Problem }> {
  const result = await api.updateOpportunity(current.id, { ...change, version: current.version });
  if (result.ok) return { outcome: 'saved', opportunity: result.data };
  if (result.problem.code === 'version-conflict') return { outcome: 'conflict', problem: result.problem };
  return { outcome: 'failed', problem: result.problem };
}
