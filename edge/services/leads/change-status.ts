import { eq, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { LeadDetail } from '../../contract/leads';
import type { FieldErrorCode } from '../../contract/problem';
import type { ChangeStatusBody } from '../../contract/workspace';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { planTransition, type TransitionResult } from '../../core/status';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { closeOpenTasks } from '../tasks/tasks';
import { assertNotConverted, changeLead, leadEvent } from './access';
import { getLead } from './get';

/**
 * Moves a lead through the pipeline by the rules in core/status: stamps the stage's date and actor (the
 * first contact is also the first response when nothing answered the lead before), keeps the loss reason
 * exactly while LOST, and writes one `status_changed` event (a reopen says so).
 */
export async function changeStatus(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  body: ChangeStatusBody,
  expectedVersion: number | undefined,
): Promise<LeadDetail> {
  await changeLead(deps, db, auth, leadId, expectedVersion, async (tx, lead, now) => {
    assertNotConverted(lead);
    const request = { to: body.status, lossReason: body.lossReason, lossReasonText: body.lossReasonText };
    const result = planTransition(lead, request, now, actorOf(auth).id);
    if (!result.ok) throw refusal(result);
    if (body.closeOpenTasks && result.to !== 'LOST')
      throw fieldError('/closeOpenTasks', 'Only marking a lead LOST closes its tasks', 'not_allowed');
    await tx
      .update(leads)
      .set({
        ...result.changes,
        ...(result.changes.contactedAt && { firstResponseAt: firstResponse(result.changes.contactedAt) }),
        version: sql`${leads.version} + 1`,
        updatedAt: now,
        lastActivityAt: now,
      })
      .where(eq(leads.id, lead.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, lead.id, now),
        type: 'status_changed',
        data: {
          from: result.from,
          to: result.to,
          lossReason: result.changes.lossReason,
          lossReasonText: result.changes.lossReasonText,
          // The reason the lead had while LOST, so a reopen's event tells what it undid.
          ...(result.reopened ? { reopened: true, previousLossReason: lead.lossReason } : {}),
          version: lead.version + 1,
        },
      },
    ]);
    if (body.closeOpenTasks) await closeOpenTasks(tx, auth, lead.id, now, 'lost');
  });
  return getLead(db, deps.pii, auth.organizationId, leadId);
}

/** The lead's first response: kept when it has one (an activity came first), else the first contact. */
function firstResponse(at: Date) {
  return sql`coalesce(${leads.firstResponseAt}, ${at.toISOString()}::timestamptz)`;
}

/**
 * A refused move is `invalid-transition`, naming where the lead can go; a missing or misplaced loss reason is
 * `validation-failed`.
 */
function refusal(result: Extract<TransitionResult, { ok: false }>): AppError {
  const { from, to, allowed } = result;
  switch (result.refusal) {
    case 'invalid-transition':
      return new AppError('invalid-transition', {
        detail: `A ${from} lead cannot move to ${to}; it can move to ${allowed.join(', ') || 'nothing'}.`,
        extensions: { from, to, allowed },
      });
    case 'loss-reason-required':
      return fieldError('/lossReason', 'A lost lead needs a loss reason', 'required');
    case 'loss-reason-text-required':
      return fieldError('/lossReasonText', 'Say why, for the reason Other', 'required');
    case 'loss-reason-not-allowed':
      return fieldError('/lossReason', 'Only a LOST lead has a loss reason', 'not_allowed');
  }
}

function fieldError(pointer: string, detail: string, code: FieldErrorCode): AppError {
  return new AppError('validation-failed', { detail, errors: [{ pointer, detail, code }] });
}
