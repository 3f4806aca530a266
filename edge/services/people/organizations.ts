import { eq, like, or, sql } from 'drizzle-orm';
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

export type CreatedOrganization = { organizationId: string; userIds: Record<string, string> };

/**
 * The first slug free among `base`, `base-2`, `base-3`, … Two callers with the same base take turns on a
 * transaction-level advisory lock, so the second sees the first one's slug.
 */
async function freeSlug(tx: Tx, base: string): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`slug:${base}`}))`);
  const taken = await tx
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(or(eq(organizations.slug, base), like(organizations.slug, `${base}-%`)));
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/**
 * Creates an organization with its members (one transaction, audited); returns the ids by the emails as
 * given. Emails are stored in their one normalized form (see personEmail). `before` runs first inside the
 * transaction (the first-run setup takes its lock and checks there that no organization exists yet),
 * `after` last (a sign-up consumes its proof there). With `uniqueSlug`, a taken slug gets a number.
 */
export async function createOrganization(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: NewOrganization,
  {
    before,
    after,
    uniqueSlug = false,
    actor = { type: 'system', id: null },
  }: {
    before?: (tx: Tx) => Promise<void>;
    after?: (tx: Tx, created: CreatedOrganization) => Promise<void>;
    uniqueSlug?: boolean;
    actor?: Actor;
  } = {},
): Promise<CreatedOrganization> {
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
  const created = { organizationId, userIds: Object.fromEntries(prepared.map((m) => [m.given, m.id])) };
  await db.transaction(async (tx) => {
    await before?.(tx);
    await tx.insert(organizations).values({
      id: organizationId,
      name: input.name,
      slug: uniqueSlug ? await freeSlug(tx, input.slug) : input.slug,
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
    await after?.(tx, created);
  });
  return created;
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
