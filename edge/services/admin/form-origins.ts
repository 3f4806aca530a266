import { and, desc, eq } from 'drizzle-orm';
import { formRefusedOrigins, forms } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { AllowOrigin, Form, RefusedOrigin } from '../../contract/forms-admin';
import { AppError } from '../../core/errors';
import { FORM_LIMITS, normalizeEmbedOrigin } from '../../core/form-settings';
import type { Auth } from '../../deps';
import { REFUSED_ORIGINS_KEPT } from '../ingest/refused-origins';
import { changeForm, type FormDeps } from './forms';

/** The origins a form refused lately, newest first; `not-found` for another organization's form. */
export async function listRefusedOrigins(
  db: Executor,
  organizationId: string,
  formId: string,
): Promise<RefusedOrigin[]> {
  const [form] = await db
    .select({ id: forms.id })
    .from(forms)
    .where(inOrg(forms, organizationId, eq(forms.id, formId)))
    .limit(1);
  if (!form) throw new AppError('not-found', { detail: `No form ${formId}.` });
  const rows = await db
    .select()
    .from(formRefusedOrigins)
    .where(inOrg(formRefusedOrigins, organizationId, eq(formRefusedOrigins.formId, formId)))
    .orderBy(desc(formRefusedOrigins.lastSeenAt), formRefusedOrigins.origin)
    .limit(REFUSED_ORIGINS_KEPT);
  return rows.map((r) => ({
    origin: r.origin,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    count: r.count,
  }));
}

const invalid = (code: 'invalid_origin' | 'too_big', detail: string, params?: Record<string, number>) =>
  new AppError('validation-failed', {
    errors: [{ pointer: '/origin', detail, code, ...(params && { params }) }],
  });

/**
 * Adds one origin to the form's allowed origins (the editor's "allow" of a refused origin), audited as a
 * form update that names the origin, and forgets it as refused — in one transaction with the form locked.
 * An origin already allowed changes nothing and writes no event.
 */
export async function allowOrigin(
  deps: FormDeps,
  db: Db,
  auth: Auth,
  formId: string,
  input: AllowOrigin,
): Promise<Form> {
  const origin = normalizeEmbedOrigin(input.origin);
  if (!origin)
    throw invalid(
      'invalid_origin',
      'Expected https://host[:port], http://localhost[:port], http://127.0.0.1[:port] or *, without a path',
    );
  return changeForm(deps, db, auth, formId, {
    change: (row) => {
      if (row.allowedOrigins.includes(origin)) return null;
      if (row.allowedOrigins.length >= FORM_LIMITS.allowedOrigins)
        throw invalid('too_big', `A form lists at most ${FORM_LIMITS.allowedOrigins} origins`, {
          maximum: FORM_LIMITS.allowedOrigins,
        });
      return {
        set: { allowedOrigins: [...row.allowedOrigins, origin] },
        type: 'form.updated',
        data: { allowedOrigin: origin },
      };
    },
    also: (tx) =>
      tx
        .delete(formRefusedOrigins)
        .where(
          inOrg(
            formRefusedOrigins,
            auth.organizationId,
            and(eq(formRefusedOrigins.formId, formId), eq(formRefusedOrigins.origin, origin)),
          ),
        ),
  });
}
