import { and, eq, sql } from 'drizzle-orm';
import { forms, leads, organizations } from '../../db/schema';
import type { Db } from '../../db/types';
import type { Submission } from '../contract/submissions';
import { normalizeLead } from '../core/lead-input';
import type { Deps } from '../deps';
import { AppError } from '../http/errors';
import { recordEvents } from './events';
import { leadRow } from './lead-rows';

const STANDARD_FIELDS = new Set([
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'title',
  'industry',
  'employees',
  'country',
  'region',
  'city',
  'description',
  'consent',
]);

export type SubmissionContext = { formId: string; page: string | null };

/**
 * Stores one public form submission: normalize, encrypt PII, insert — or, when the email is already known,
 * update the existing lead — and record the event, all in one transaction. The unique index on the email's
 * blind index decides "new or known", so concurrent submissions of one person cannot create two leads.
 */
export async function ingestSubmission(
  deps: Pick<Deps, 'now' | 'newId' | 'pii'>,
  db: Db,
  input: Submission,
  ctx: SubmissionContext,
): Promise<{ receiptId: string; redirectUrl: string | null }> {
  const [form] = await db
    .select({ form: forms, defaultCountry: organizations.defaultCountry })
    .from(forms)
    .innerJoin(organizations, eq(organizations.id, forms.organizationId))
    .where(and(eq(forms.id, ctx.formId), eq(forms.status, 'active')))
    .limit(1);
  if (!form) throw new AppError('form-not-found', `No active form with id ${ctx.formId}.`);

  const orgId = form.form.organizationId;
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) if (!STANDARD_FIELDS.has(k) && v != null) custom[k] = String(v);
  const lead = normalizeLead({ ...input, custom }, form.defaultCountry);
  const now = deps.now();
  const row = await leadRow(deps, orgId, lead, now);
  const receiptId = deps.newId('sub');
  const consent = input.consent
    ? { given: true, text: form.form.consentText ?? null, at: now.toISOString() }
    : { given: false };

  await db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(leads)
      .values({
        ...row,
        source: form.form.defaultSource,
        campaign: form.form.defaultCampaign,
        formId: form.form.id,
      })
      .onConflictDoUpdate({
        target: [leads.organizationId, leads.emailIndex],
        targetWhere: sql`${leads.deletedAt} is null and ${leads.emailIndex} is not null`,
        set: { lastActivityAt: now, updatedAt: now },
      })
      .returning({ id: leads.id, inserted: sql<boolean>`(xmax = 0)` });
    await recordEvents(tx, [
      {
        organizationId: orgId,
        leadId: stored!.id,
        type: stored!.inserted ? 'created' : 'resubmitted',
        actor: { type: 'public', id: null },
        at: now,
        data: { receiptId, source: form.form.defaultSource, formId: form.form.id, page: ctx.page, consent },
      },
    ]);
  });
  return { receiptId, redirectUrl: form.form.redirectUrl };
}
