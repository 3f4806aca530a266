import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  LEAD_STATUSES,
  type LeadStatus,
  type LossReason,
  planTransition,
  type TransitionRefusal,
} from './status';

const AT = new Date('2026-03-01T10:00:00Z');
const EARLIER = new Date('2026-02-01T09:00:00Z');
const ACTOR = 'usr_1';

describe('allowedTransitions', () => {
  it.each<[LeadStatus, LeadStatus[]]>([
    ['NEW', ['CONTACTED', 'LOST']],
    ['CONTACTED', ['QUALIFIED', 'LOST']],
    ['QUALIFIED', ['LOST']],
    ['LOST', ['CONTACTED']],
  ])('%s → %j', (from, to) => {
    expect(allowedTransitions(from)).toEqual(to);
  });
});

describe('planTransition: which moves are allowed', () => {
  const pairs = LEAD_STATUSES.flatMap((from) => LEAD_STATUSES.map((to) => [from, to] as const));
  const allowed = new Set([
    'NEW>CONTACTED',
    'NEW>LOST',
    'CONTACTED>QUALIFIED',
    'CONTACTED>LOST',
    'QUALIFIED>LOST',
    'LOST>CONTACTED',
  ]);

  it.each(pairs)('%s → %s', (from, to) => {
    const result = planTransition(
      { status: from, contactedAt: null },
      { to, lossReason: to === 'LOST' ? 'NO_NEED' : null },
      AT,
      ACTOR,
    );
    expect(result.ok).toBe(allowed.has(`${from}>${to}`));
    if (!result.ok) {
      expect(result.refusal).toBe('invalid-transition');
      expect(result.allowed).toEqual(allowedTransitions(from));
    }
  });
});

describe('planTransition: loss reasons', () => {
  it.each<[string, LeadStatus, LossReason | null, string | null, TransitionRefusal | null]>([
    ['LOST needs a reason', 'LOST', null, null, 'loss-reason-required'],
    ['text alone is not a reason', 'LOST', null, 'They went quiet', 'loss-reason-required'],
    ['OTHER needs text', 'LOST', 'OTHER', null, 'loss-reason-text-required'],
    ['OTHER with blank text', 'LOST', 'OTHER', '   ', 'loss-reason-text-required'],
    ['OTHER with text', 'LOST', 'OTHER', 'Acquired by a customer', null],
    ['a listed reason', 'LOST', 'COMPETITOR_CHOSEN', null, null],
    ['a listed reason with a note', 'LOST', 'BAD_TIMING', 'Revisit in Q3', null],
    ['no reason on other statuses', 'CONTACTED', 'NO_BUDGET', null, 'loss-reason-not-allowed'],
    ['no reason text on other statuses', 'CONTACTED', null, 'why', 'loss-reason-not-allowed'],
  ])('%s', (_name, to, lossReason, lossReasonText, refusal) => {
    const result = planTransition(
      { status: 'NEW', contactedAt: null },
      { to, lossReason, lossReasonText },
      AT,
      ACTOR,
    );
    expect(result.ok ? null : result.refusal).toBe(refusal);
  });

  it('keeps the reason and trimmed text on the lead while LOST', () => {
    const result = planTransition(
      { status: 'CONTACTED', contactedAt: EARLIER },
      { to: 'LOST', lossReason: 'OTHER', lossReasonText: '  Merged with a partner ' },
      AT,
      ACTOR,
    );
    expect(result).toEqual({
      ok: true,
      from: 'CONTACTED',
      to: 'LOST',
      reopened: false,
      changes: {
        status: 'LOST',
        lossReason: 'OTHER',
        lossReasonText: 'Merged with a partner',
        statusChangedAt: AT,
        statusChangedBy: ACTOR,
        lostAt: AT,
        lostBy: ACTOR,
      },
    });
  });
});

describe('planTransition: stamps', () => {
  it.each<[LeadStatus, LeadStatus, Date | null, Record<string, unknown>]>([
    ['NEW', 'CONTACTED', null, { contactedAt: AT, contactedBy: ACTOR }],
    ['CONTACTED', 'QUALIFIED', EARLIER, { qualifiedAt: AT, qualifiedBy: ACTOR }],
    ['NEW', 'LOST', null, { lostAt: AT, lostBy: ACTOR }],
    ['QUALIFIED', 'LOST', EARLIER, { lostAt: AT, lostBy: ACTOR }],
    // A reopen keeps the first contact date; one never contacted (lost straight from NEW) gets it now.
    ['LOST', 'CONTACTED', EARLIER, {}],
    ['LOST', 'CONTACTED', null, { contactedAt: AT, contactedBy: ACTOR }],
  ])('%s → %s (contacted %s)', (from, to, contactedAt, stamps) => {
    const result = planTransition(
      { status: from, contactedAt },
      { to, lossReason: to === 'LOST' ? 'NO_BUDGET' : null },
      AT,
      ACTOR,
    );
    if (!result.ok) throw new Error(result.refusal);
    const { status, lossReason, lossReasonText, statusChangedAt, statusChangedBy, ...rest } = result.changes;
    expect(rest).toEqual(stamps);
    expect({ status, statusChangedAt, statusChangedBy }).toEqual({
      status: to,
      statusChangedAt: AT,
      statusChangedBy: ACTOR,
    });
    expect(lossReason).toBe(to === 'LOST' ? 'NO_BUDGET' : null);
    expect(lossReasonText).toBeNull();
  });

  it('marks a reopen and clears the loss reason', () => {
    const result = planTransition({ status: 'LOST', contactedAt: EARLIER }, { to: 'CONTACTED' }, AT, null);
    expect(result).toMatchObject({
      ok: true,
      reopened: true,
      changes: { status: 'CONTACTED', lossReason: null, lossReasonText: null, statusChangedBy: null },
    });
  });
});
