import { and, eq } from 'drizzle-orm';
import { forms, organizations } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import type { PublicForm } from '../../contract/public-form';
import { ELAPSED_FIELD, HONEYPOT_FIELD } from '../../contract/submissions';
import { FORM_LOCALES } from '../../core/form-settings';
import { isStorableText } from '../../core/text';

/** A form with what its organization adds: the default country, and the origins allowed for every form. */
export type FormRecord = typeof forms.$inferSelect & { defaultCountry: string; sharedOrigins: string[] };

/** The longest form id a request may name (ids are far shorter; the route parameters allow this much). */
const MAX_FORM_ID_LENGTH = 64;

/**
 * An active form with its organization's default country and shared origins, or null. An id no form can
 * have — too long, or text Postgres refuses to compare (U+0000, a lone surrogate) — is null without a query:
 * the preflight and CORS paths read the id from the URL unvalidated.
 */
export async function findActiveForm(db: Executor, formId: string): Promise<FormRecord | null> {
  if (formId.length > MAX_FORM_ID_LENGTH || !isStorableText(formId)) return null;
  const [row] = await db
    .select({
      form: forms,
      defaultCountry: organizations.defaultCountry,
      sharedOrigins: organizations.allowedOrigins,
    })
    .from(forms)
    .innerJoin(organizations, eq(organizations.id, forms.organizationId))
    .where(and(eq(forms.id, formId), eq(forms.status, 'active')))
    .limit(1);
  return row ? { ...row.form, defaultCountry: row.defaultCountry, sharedOrigins: row.sharedOrigins } : null;
}

/**
 * Whether a request from `origin` may use this form. No Origin header (server-to-server, curl) and the
 * app's own origin always may; otherwise the origin must be listed by the form or by its organization for
 * every form, or the form's list must hold "*".
 */
export function originAllowed(
  form: Pick<FormRecord, 'allowedOrigins' | 'sharedOrigins'>,
  origin: string | null,
  ownOrigin: string,
): boolean {
  if (!origin || origin === ownOrigin) return true;
  return (
    form.allowedOrigins.includes('*') ||
    form.allowedOrigins.includes(origin) ||
    form.sharedOrigins.includes(origin)
  );
}

/**
 * Where a plain form post goes next: `retURL` if its origin is one an admin named (the app's configured
 * origin, or an origin listed by the form or its organization), else the form's own redirect URL, else our
 * thanks page. The request's Host never decides it (a forged Host would name any site), and a form open to
 * every origin ("*") names none, so its `retURL` is ignored.
 */
export function redirectAfterPost(
  form: FormRecord,
  retUrl: string | undefined,
  appOrigin: string | null,
): string {
  const fallback = form.redirectUrl ?? `/v1/forms/${form.id}/thanks`;
  if (!retUrl || form.allowedOrigins.includes('*')) return fallback;
  try {
    const target = new URL(retUrl);
    const named =
      target.origin === appOrigin ||
      form.allowedOrigins.includes(target.origin) ||
      form.sharedOrigins.includes(target.origin);
    if ((target.protocol === 'https:' || target.protocol === 'http:') && named) return target.toString();
  } catch {
    // not a URL: fall through to the form's own success page
  }
  return fallback;
}

/** The public definition the widget renders (`PublicFormSchema`): no internal settings, labels and texts per locale. */
export function publicFormDefinition(form: FormRecord): PublicForm {
  return {
    id: form.id,
    name: form.name,
    locales: [...FORM_LOCALES],
    defaultLocale: form.defaultLocale,
    fields: form.fields.map((f) => ({ name: f.name, required: f.required, label: f.label ?? {} })),
    consentText: form.consentText ?? null,
    successMessage: form.successMessage ?? null,
    submitLabel: form.submitLabel ?? null,
    redirectUrl: form.redirectUrl,
    turnstileSiteKey: form.turnstileEnabled ? form.turnstileSiteKey : null,
    signalsEnabled: form.signalsEnabled,
    spam: {
      honeypotField: HONEYPOT_FIELD,
      elapsedField: ELAPSED_FIELD,
      minSubmitSeconds: form.minSubmitSeconds,
    },
    action: `/v1/forms/${form.id}/submissions`,
  };
}
