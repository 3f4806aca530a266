import type { FormFieldDef } from '../../../db/schema';
import { forms, memberships, organizations, scoringRules, users } from '../../../db/schema';
import type { Db, Tx } from '../../../db/types';
import type { Role } from '../../contract/session';
import type { Actor } from '../../core/actor';
import { DEFAULT_FORM_FIELDS } from '../../core/form-settings';
import { currencyForCountry } from '../../core/money';
import { personEmail } from '../../core/people';
import { DEFAULT_SCORING_RULES } from '../../core/score';
import { hashPassword } from '../../crypto/password';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';

export type NewMember = { email: string; name: string; role: Role; password: string; locale?: string };

export type NewOrganization = {
  id?: string;
  name: string;
  slug: string;
  defaultCountry?: string;
  /** ISO 4217; by default the currency of the default country. */
  currency?: string;
  /** IANA time zone; UTC by default. */
  timezone?: string;
  members: NewMember[];
};

/**
 * Creates an organization with its members (one transaction, audited); returns the ids by the emails as
 * given. Emails are stored in their one normalized form (see personEmail). `before` runs first inside the
 * transaction (the first-run setup takes its lock and checks there that no organization exists yet).
 */
export async function createOrganization(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: NewOrganization,
  {
    before,
    actor = { type: 'system', id: null },
  }: { before?: (tx: Tx) => Promise<void>; actor?: Actor } = {},
): Promise<{ organizationId: string; userIds: Record<string, string> }> {
  const organizationId = input.id ?? deps.newId('org');
  const now = deps.now();
  const prepared = await Promise.all(
    input.members.map(async (m) => ({
      ...m,
      given: m.email,
      email: personEmail(m.email) ?? m.email.trim().toLowerCase(),
      id: deps.newId('usr'),
      hash: await hashPassword(m.password, deps.config.passwordHash),
    })),
  );
  await db.transaction(async (tx) => {
    await before?.(tx);
    await tx.insert(organizations).values({
      id: organizationId,
      name: input.name,
      slug: input.slug,
      defaultCountry: input.defaultCountry ?? 'US',
      currency: input.currency ?? currencyForCountry(input.defaultCountry ?? 'US'),
      timezone: input.timezone ?? 'UTC',
      createdAt: now,
    });
    await tx
      .insert(scoringRules)
      .values({ organizationId, version: 1, rules: DEFAULT_SCORING_RULES, createdAt: now });
    if (prepared.length) {
      await tx.insert(users).values(
        prepared.map((m) => ({
          id: m.id,
          email: m.email,
          name: m.name,
          passwordHash: m.hash,
          locale: m.locale ?? 'en',
        })),
      );
      await tx
        .insert(memberships)
        .values(prepared.map((m) => ({ organizationId, userId: m.id, role: m.role, createdAt: now })));
    }
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'organization',
        entityId: organizationId,
        type: 'organization.created',
        actor,
        at: now,
        data: { members: prepared.map((m) => ({ userId: m.id, role: m.role })) },
      },
    ]);
  });
  return { organizationId, userIds: Object.fromEntries(prepared.map((m) => [m.given, m.id])) };
}

export type NewForm = {
  id?: string;
  name: string;
  fields?: FormFieldDef[];
  redirectUrl?: string | null;
  defaultSource?: string;
  defaultCampaign?: string | null;
  consentText?: Record<string, string> | null;
  allowedOrigins?: string[];
};

/** Creates a public form for an organization (audited). */
export async function createForm(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  organizationId: string,
  input: NewForm,
): Promise<string> {
  const id = input.id ?? deps.newId('frm');
  const now = deps.now();
  await db.transaction(async (tx) => {
    await tx.insert(forms).values({
      id,
      organizationId,
      name: input.name,
      fields: input.fields ?? DEFAULT_FORM_FIELDS,
      redirectUrl: input.redirectUrl ?? null,
      defaultSource: input.defaultSource ?? 'Website Form',
      defaultCampaign: input.defaultCampaign ?? null,
      consentText: input.consentText ?? null,
      allowedOrigins: input.allowedOrigins ?? [],
      createdAt: now,
      updatedAt: now,
    });
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'form',
        entityId: id,
        type: 'form.created',
        actor: { type: 'system', id: null },
        at: now,
        data: { name: input.name },
      },
    ]);
  });
  return id;
}
