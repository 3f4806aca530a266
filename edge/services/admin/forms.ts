import { asc, eq } from 'drizzle-orm';
import { type FormFieldDef, forms, organizations } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { CreateForm, Form, UpdateForm } from '../../contract/forms-admin';
import type { FieldError } from '../../contract/problem';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import {
  FORM_DEFAULTS,
  type FormSettingsIssueCode,
  formSettingsIssues,
  normalizeEmbedOrigin,
} from '../../core/form-settings';
import { toPointer } from '../../core/json-pointer';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

type FormRow = typeof forms.$inferSelect;

const SETTING_COLUMNS = [
  'name',
  'fields',
  'consentText',
  'successMessage',
  'submitLabel',
  'redirectUrl',
  'allowedOrigins',
  'defaultSource',
  'defaultCampaign',
  'turnstileEnabled',
  'turnstileSiteKey',
  'signalsEnabled',
  'minSubmitSeconds',
  'rateLimitPerIp',
  'rateLimitPerForm',
  'defaultLocale',
] as const satisfies ReadonlyArray<keyof FormRow>;

/** The settings columns as stored; what a create writes and an update merges into. */
type StoredSettings = Pick<FormRow, (typeof SETTING_COLUMNS)[number]>;

function settingsOf(row: FormRow): StoredSettings {
  return Object.fromEntries(SETTING_COLUMNS.map((k) => [k, row[k]])) as StoredSettings;
}

/** What each broken rule means, for developers (the dashboard translates by `code`). */
const ISSUE_DETAILS: Record<FormSettingsIssueCode, string> = {
  last_name_required: 'The form must ask for the last name, as a required field',
  duplicate_field: 'This field is already on the form',
  invalid_origin:
    'Expected https://host[:port], http://localhost[:port], http://127.0.0.1[:port] or *, without a path',
  duplicate_origin: 'This origin is already listed',
  invalid_redirect: 'Expected an absolute http(s) URL or a path starting with /',
  site_key_required: 'Turnstile is on: enter its site key',
  rate_limit_order: 'The per-IP limit cannot exceed the limit for the whole form',
};

const iso = (d: Date) => d.toISOString();

function toForm(row: FormRow): Form {
  return {
    id: row.id,
    status: row.status,
    name: row.name,
    fields: row.fields,
    consentText: row.consentText ?? null,
    successMessage: row.successMessage ?? null,
    submitLabel: row.submitLabel ?? null,
    redirectUrl: row.redirectUrl,
    allowedOrigins: row.allowedOrigins,
    defaultSource: row.defaultSource,
    defaultCampaign: row.defaultCampaign,
    turnstileEnabled: row.turnstileEnabled,
    turnstileSiteKey: row.turnstileSiteKey,
    signalsEnabled: row.signalsEnabled,
    minSubmitSeconds: row.minSubmitSeconds,
    rateLimitPerIp: row.rateLimitPerIp,
    rateLimitPerForm: row.rateLimitPerForm,
    defaultLocale: row.defaultLocale,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Drops empty per-locale texts: `{}` means "no text" and is stored as null (or no label). */
function texts(value: Record<string, string | undefined> | null | undefined): Record<string, string> | null {
  if (!value) return null;
  const present = Object.entries(value).filter((e): e is [string, string] => !!e[1]);
  return present.length ? Object.fromEntries(present) : null;
}

/** The update as stored values: only the keys it carries, texts cleaned. */
function storedChange(input: UpdateForm): Partial<StoredSettings> {
  const change: Partial<StoredSettings> = { ...input };
  if (input.fields)
    change.fields = input.fields.map(({ name, required, label, mustBeValid }): FormFieldDef => {
      const cleaned = texts(label);
      return {
        name,
        required,
        ...(cleaned && { label: cleaned }),
        ...(mustBeValid && name === 'phone' && { mustBeValid }),
      };
    });
  if (input.consentText !== undefined) change.consentText = texts(input.consentText);
  if (input.successMessage !== undefined) change.successMessage = texts(input.successMessage);
  if (input.submitLabel !== undefined) change.submitLabel = texts(input.submitLabel);
  return change;
}

/** Checks the rules across settings; throws `validation-failed` with a pointer per broken rule; normalizes the origins. */
function validated(settings: StoredSettings): StoredSettings {
  const issues = formSettingsIssues(settings);
  if (issues.length > 0) {
    const errors: FieldError[] = issues.map((i) => ({
      pointer: toPointer(i.path),
      detail: ISSUE_DETAILS[i.code],
      code: i.code,
    }));
    throw new AppError('validation-failed', { errors });
  }
  return { ...settings, allowedOrigins: settings.allowedOrigins.map((o) => normalizeEmbedOrigin(o)!) };
}

/** The organization's forms, oldest first (disabled ones too). */
export async function listForms(db: Executor, organizationId: string): Promise<Form[]> {
  const rows = await db
    .select()
    .from(forms)
    .where(inOrg(forms, organizationId))
    .orderBy(asc(forms.createdAt), asc(forms.id));
  return rows.map(toForm);
}

/** One form of the organization; `not-found` for another organization's id, as for one that does not exist. */
export async function getForm(db: Executor, organizationId: string, id: string): Promise<Form> {
  const [row] = await db
    .select()
    .from(forms)
    .where(inOrg(forms, organizationId, eq(forms.id, id)))
    .limit(1);
  if (!row) throw new AppError('not-found', { detail: `No form ${id}.` });
  return toForm(row);
}

/** The form's row, locked for the rest of the transaction; `not-found` if it is not the organization's. */
async function lockForm(tx: Tx, organizationId: string, id: string): Promise<FormRow> {
  const [row] = await tx
    .select()
    .from(forms)
    .where(inOrg(forms, organizationId, eq(forms.id, id)))
    .limit(1)
    .for('update');
  if (!row) throw new AppError('not-found', { detail: `No form ${id}.` });
  return row;
}

export type FormDeps = Pick<Deps, 'now' | 'newId' | 'caches'>;

/**
 * Creates a form from the defaults and the input (one transaction, audited); its language, unless given,
 * is the organization's default form language.
 */
export async function createFormAsAdmin(
  deps: FormDeps,
  db: Db,
  auth: Auth,
  input: CreateForm,
): Promise<Form> {
  const [org] = await db
    .select({ defaultLocale: organizations.defaultFormLocale })
    .from(organizations)
    .where(eq(organizations.id, auth.organizationId));
  const defaults = { ...FORM_DEFAULTS, defaultLocale: org?.defaultLocale ?? FORM_DEFAULTS.defaultLocale };
  const settings = validated({ ...defaults, ...storedChange(input), name: input.name });
  const id = deps.newId('frm');
  const now = deps.now();
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(forms)
      .values({ ...settings, id, organizationId: auth.organizationId, createdAt: now, updatedAt: now })
      .returning();
    const after = toForm(row!);
    await recordEvents(tx, [formEvent(auth, id, 'form.created', now, null, after)]);
    return after;
  });
  deps.caches.forms.invalidate(id);
  return created;
}

/**
 * Applies a partial update: the merged settings must pass every rule, checked with the row locked so two
 * concurrent updates cannot each pass against a state the other one changes.
 */
export async function updateFormAsAdmin(
  deps: FormDeps,
  db: Db,
  auth: Auth,
  id: string,
  input: UpdateForm,
): Promise<Form> {
  return changeForm(deps, db, auth, id, {
    change: (row) => {
      const change = storedChange(input);
      if (Object.keys(change).length === 0) return null;
      return { set: validated({ ...settingsOf(row), ...change }), type: 'form.updated' };
    },
  });
}

/** Takes a form offline (its public endpoints refuse it as `form-not-found`) or back online; a form already there is left alone. */
export async function setFormStatus(
  deps: FormDeps,
  db: Db,
  auth: Auth,
  id: string,
  status: Form['status'],
): Promise<Form> {
  return changeForm(deps, db, auth, id, {
    change: (row) =>
      row.status === status
        ? null
        : { set: { status }, type: status === 'disabled' ? 'form.disabled' : 'form.enabled' },
  });
}

/** One change of a form: what to write and the event (or null: nothing changes), and work in the same transaction. */
export type FormChange = {
  /** Reads the locked row; names what to write, the event's type and extra data, or null when nothing changes. */
  change: (row: FormRow) => { set: Partial<FormRow>; type: string; data?: Record<string, unknown> } | null;
  /** Runs in the same transaction after the change (whether or not the form changed). */
  also?: (tx: Tx) => Promise<unknown>;
};

/**
 * Changes one form with its row locked. The event keeps the form before and after (and the change's own
 * data); the cache forgets the form.
 */
export async function changeForm(
  deps: FormDeps,
  db: Db,
  auth: Auth,
  id: string,
  { change, also }: FormChange,
): Promise<Form> {
  const result = await db.transaction(async (tx) => {
    const row = await lockForm(tx, auth.organizationId, id);
    const before = toForm(row);
    const next = change(row);
    let after = before;
    if (next) {
      const now = deps.now();
      const [saved] = await tx
        .update(forms)
        .set({ ...next.set, updatedAt: now })
        .where(inOrg(forms, auth.organizationId, eq(forms.id, id)))
        .returning();
      after = toForm(saved!);
      await recordEvents(tx, [formEvent(auth, id, next.type, now, before, after, next.data)]);
    }
    await also?.(tx);
    return after;
  });
  deps.caches.forms.invalidate(id);
  return result;
}

function formEvent(
  auth: Auth,
  id: string,
  type: string,
  at: Date,
  before: Form | null,
  after: Form,
  extra?: Record<string, unknown>,
) {
  return {
    organizationId: auth.organizationId,
    entityType: 'form',
    entityId: id,
    type,
    actor: actorOf(auth),
    at,
    data: { ...extra, before, after },
  };
}
