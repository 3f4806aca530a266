/** The pipeline stages of a lead (PRD feature 3). */
export const LEAD_STATUSES = ['NEW', 'CONTACTED', 'QUALIFIED', 'LOST'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** The statuses of a lead still being worked: every one but LOST, in pipeline order. */
export const OPEN_STATUSES = ['NEW', 'CONTACTED', 'QUALIFIED'] as const satisfies readonly LeadStatus[];

/** Why a lead was lost; `OTHER` needs a free-text explanation. */
export const LOSS_REASONS = [
  'NO_BUDGET',
  'NO_AUTHORITY',
  'NO_NEED',
  'BAD_TIMING',
  'UNRESPONSIVE',
  'COMPETITOR_CHOSEN',
  'OTHER',
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** English labels for reports and logs; the dashboard translates by code. */
export const LOSS_REASON_LABELS: Record<LossReason, string> = {
  NO_BUDGET: 'No Budget',
  NO_AUTHORITY: 'No Authority',
  NO_NEED: 'No Need',
  BAD_TIMING: 'Bad Timing',
  UNRESPONSIVE: 'Unresponsive',
  COMPETITOR_CHOSEN: 'Competitor Chosen',
  OTHER: 'Other',
};

type Stage = 'contacted' | 'qualified' | 'lost';

/** When, and by whom, a lead reached each stage the pipeline stamps (null: not reached, or no user). */
export type StageStamps = {
  contactedAt: Date | null;
  contactedBy: string | null;
  qualifiedAt: Date | null;
  qualifiedBy: string | null;
  lostAt: Date | null;
  lostBy: string | null;
};

/**
 * The allowed moves, as data. Each names the stage whose date and actor it stamps. A lead may be lost
 * from any open stage (disqualified before contact, or a qualified deal that fell through), and only a
 * LOST lead may go back (to CONTACTED, a "reopen"). Skipping contact (NEW → QUALIFIED), demoting a
 * qualified lead, or returning to NEW are refused.
 */
export const TRANSITIONS: ReadonlyArray<{ from: LeadStatus; to: LeadStatus; stamps: Stage; reopen?: true }> =
  [
    { from: 'NEW', to: 'CONTACTED', stamps: 'contacted' },
    { from: 'NEW', to: 'LOST', stamps: 'lost' },
    { from: 'CONTACTED', to: 'QUALIFIED', stamps: 'qualified' },
    { from: 'CONTACTED', to: 'LOST', stamps: 'lost' },
    { from: 'QUALIFIED', to: 'LOST', stamps: 'lost' },
    { from: 'LOST', to: 'CONTACTED', stamps: 'contacted', reopen: true },
  ];

/** The statuses a lead in `from` may move to, in pipeline order. */
export function allowedTransitions(from: LeadStatus): LeadStatus[] {
  return TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
}

export type TransitionRequest = {
  to: LeadStatus;
  lossReason?: LossReason | null;
  lossReasonText?: string | null;
};

/** What a transition writes on the lead: the status, its loss reason (only while LOST) and stamps. */
export type TransitionChanges = {
  status: LeadStatus;
  lossReason: LossReason | null;
  lossReasonText: string | null;
  statusChangedAt: Date;
  statusChangedBy: string | null;
  contactedAt?: Date;
  contactedBy?: string | null;
  qualifiedAt?: Date;
  qualifiedBy?: string | null;
  lostAt?: Date;
  lostBy?: string | null;
};

export type TransitionRefusal =
  | 'invalid-transition'
  | 'loss-reason-required'
  | 'loss-reason-text-required'
  | 'loss-reason-not-allowed';

export type TransitionResult =
  | { ok: true; from: LeadStatus; to: LeadStatus; reopened: boolean; changes: TransitionChanges }
  | { ok: false; refusal: TransitionRefusal; from: LeadStatus; to: LeadStatus; allowed: LeadStatus[] };

/**
 * Decides a status change. A LOST lead must say why (OTHER with text); a reason on any other status is
 * refused rather than silently dropped. Entering a stage stamps its date and actor, except a reopen that
 * keeps the first contact date (the response-time metric is measured to it); the reopen is itself recorded
 * by the caller's event. Leaving LOST clears the reason, so it is set exactly while the lead is LOST.
 */
export function planTransition(
  current: { status: LeadStatus; contactedAt: Date | null },
  request: TransitionRequest,
  at: Date,
  actorId: string | null,
): TransitionResult {
  const from = current.status;
  const { to } = request;
  const refuse = (refusal: TransitionRefusal): TransitionResult => ({
    ok: false,
    refusal,
    from,
    to,
    allowed: allowedTransitions(from),
  });
  const move = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!move) return refuse('invalid-transition');
  const reason = request.lossReason ?? null;
  const text = request.lossReasonText?.trim() || null;
  if (to === 'LOST' && !reason) return refuse('loss-reason-required');
  if (to === 'LOST' && reason === 'OTHER' && !text) return refuse('loss-reason-text-required');
  if (to !== 'LOST' && (reason || text)) return refuse('loss-reason-not-allowed');
  const changes: TransitionChanges = {
    status: to,
    lossReason: to === 'LOST' ? reason : null,
    lossReasonText: to === 'LOST' ? text : null,
    statusChangedAt: at,
    statusChangedBy: actorId,
  };
  const keepFirstContact = move.reopen && current.contactedAt !== null;
  if (!keepFirstContact) Object.assign(changes, stamp(move.stamps, at, actorId));
  return { ok: true, from, to, reopened: move.reopen === true, changes };
}

function stamp(stage: Stage, at: Date, actorId: string | null): Partial<TransitionChanges> {
  if (stage === 'contacted') return { contactedAt: at, contactedBy: actorId };
  if (stage === 'qualified') return { qualifiedAt: at, qualifiedBy: actorId };
  return { lostAt: at, lostBy: actorId };
}
