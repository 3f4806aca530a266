import { eq, sql } from 'drizzle-orm';
import { UNIQUE_VIOLATION } from '../../../db/errors';
import { leads, organizations } from '../../../db/schema';
import type { Db, Tx } from '../../../db/types';
import type { LeadDetail } from '../../contract/leads';
import type { UpdateLeadBody } from '../../contract/workspace';
import { normalizeEmail } from '../../core/contact';
import { AppError } from '../../core/errors';
import { type EditPlan, planLeadEdit } from '../../core/lead-edit';
import { leadPhone } from '../../core/lead-input';
import { refitScore } from '../../core/refit-score';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { loadOrgConfig } from '../ingest/org-config';
import { assertNotConverted, changeLead, leadEvent } from './access';
import { getLead, type LeadRow } from './get';

type LeadUpdate = Partial<typeof leads.$inferInsert>;

/**
 * Edits a lead's fields (PATCH). Values are normalized as ingestion normalizes them; a name change
 * refreshes the search text and match keys, a fit change refits the score. One `updated` event holds
 * before/after per field — except email and phone, which it only marks as changed, since the audit log
 * must not hold plaintext PII. An edit that changes nothing writes nothing and keeps the version.
 */
export async function updateLead(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  body: UpdateLeadBody,
  expectedVersion: number,
): Promise<LeadDetail> {
  const { version: _, email, phone, ...fields } = body;
  try {
    await changeLead(deps, db, auth, leadId, expectedVersion, async (tx, lead, now) => {
      assertNotConverted(lead);
      const plan = planLeadEdit(lead, fields);
      const set: LeadUpdate = { ...plan.set, ...(await refit(deps, tx, lead, plan)) };
      const changes: Record<string, unknown> = { ...plan.changes };
      if (set.score !== undefined) changes.score = { from: lead.score, to: set.score };
      await sealContact(deps, tx, lead, { ...lead, ...set }, { email, phone }, set, changes);
      if (Object.keys(changes).length === 0) return;
      const version = lead.version + 1;
      await tx
        .update(leads)
        .set({ ...set, version: sql`${leads.version} + 1`, updatedAt: now, lastActivityAt: now })
        .where(eq(leads.id, lead.id));
      await recordEvents(tx, [
        { ...leadEvent(auth, lead.id, now), type: 'updated', data: { changes, version } },
      ]);
    });
  } catch (error) {
    throw duplicateContact(error) ?? error;
  }
  return getLead(db, deps.pii, auth.organizationId, leadId);
}

/** A new fit (industry, size, title, region) rescores the demographic part; earned behaviour points stay. */
async function refit(deps: Deps, tx: Tx, lead: LeadRow, plan: EditPlan): Promise<LeadUpdate> {
  if (!plan.refit) return {};
  const config = await deps.caches.orgConfig.get(lead.organizationId, () =>
    loadOrgConfig(tx, lead.organizationId),
  );
  const next = { ...lead, ...plan.set };
  const scored = refitScore(lead.scoreBreakdown, next, config.scoring.rules);
  if (scored.score === lead.score && JSON.stringify(scored.breakdown) === JSON.stringify(lead.scoreBreakdown))
    return {};
  return { score: scored.score, scoreBreakdown: scored.breakdown, scoreVersion: config.scoring.version };
}

/**
 * Seals a changed email or phone (ciphertext + blind index) into `set`; compares by blind index, so the
 * old plaintext is never decrypted for the comparison. Records only `{ changed: true }`.
 */
async function sealContact(
  deps: Deps,
  tx: Tx,
  lead: LeadRow,
  next: LeadRow,
  input: { email?: string | null; phone?: string | null },
  set: LeadUpdate,
  changes: Record<string, unknown>,
): Promise<void> {
  const org = lead.organizationId;
  if (input.email !== undefined) {
    const email = input.email ? normalizeEmail(input.email) : null;
    const sealed = await deps.pii.seal(org, 'email', email?.ok ? email.email : null);
    if (sealed.index !== lead.emailIndex) {
      Object.assign(set, { emailCiphertext: sealed.ciphertext, emailIndex: sealed.index });
      changes.email = { changed: true };
    }
  }
  if (input.phone === undefined) return;
  const phone = input.phone
    ? leadPhone({ phone: input.phone, country: next.country }, await defaultCountry(tx, org))
    : null;
  const sealed = await deps.pii.seal(org, 'phone', phone?.phone ?? null);
  if (sealed.index === lead.phoneIndex) return;
  Object.assign(set, {
    phoneCiphertext: sealed.ciphertext,
    phoneIndex: sealed.index,
    phoneValid: phone?.valid ?? null,
  });
  changes.phone = { changed: true };
}

async function defaultCountry(tx: Tx, organizationId: string): Promise<string> {
  const [org] = await tx
    .select({ defaultCountry: organizations.defaultCountry })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return org?.defaultCountry ?? 'US';
}

/** The unique indexes on the blind indexes refuse a second lead with the same email or phone: `duplicate-lead`. */
function duplicateContact(error: unknown): AppError | null {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (
      code === UNIQUE_VIOLATION &&
      (constraint === 'leads_org_email_uq' || constraint === 'leads_org_phone_uq')
    ) {
      const field = constraint === 'leads_org_email_uq' ? 'email' : 'phone';
      return new AppError('duplicate-lead', {
        detail: `Another lead already has this ${field}.`,
        errors: [
          { pointer: `/${field}`, detail: `Another lead already has this ${field}`, code: 'duplicate' },
        ],
        cause: error,
      });
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
