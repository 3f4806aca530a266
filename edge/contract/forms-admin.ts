import { z } from '@hono/zod-openapi';
import { FORM_FIELD_NAMES, FORM_LIMITS, FORM_LOCALES } from '../core/form-settings';

const dateTime = z.string().openapi({ format: 'date-time' });
const text = (max: number) => z.string().trim().min(1).max(max);
const int = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

/**
 * A text per locale; every locale is optional (the widget falls back to the default locale, then en), and
 * an empty one counts as missing.
 */
const localized = (max: number) => {
  const one = z.string().trim().max(max).optional();
  return z.strictObject({ en: one, de: one, cs: one, uk: one });
};

/** `{id}` of one form in the admin routes. */
export const FormIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'frm_demo' }),
});

export const FormLocaleSchema = z.enum(FORM_LOCALES).openapi('FormLocale');

export const FormFieldInputSchema = z
  .strictObject({
    name: z.enum(FORM_FIELD_NAMES),
    required: z.boolean(),
    label: localized(200).optional(),
    mustBeValid: z.boolean().optional().openapi({
      description:
        'Phone only: refuse a number that does not parse. Otherwise it is kept as entered and flagged.',
    }),
  })
  .openapi('FormFieldInput');

/**
 * Every setting an admin may change, each with its shape and bounds. Rules across settings (a required
 * last name, origin and redirect formats, a Turnstile key when Turnstile is on) are checked by the service
 * with `formSettingsIssues` from core, on the merged result of a partial update too.
 */
const SETTINGS = {
  name: text(100),
  fields: z.array(FormFieldInputSchema).min(1).max(FORM_FIELD_NAMES.length),
  consentText: localized(2000).nullable(),
  successMessage: localized(1000).nullable(),
  submitLabel: localized(60)
    .nullable()
    .openapi({ description: 'The submit button’s text per locale; the widget’s own (“Send”) where empty.' }),
  redirectUrl: text(2000)
    .nullable()
    .openapi({ description: 'An absolute http(s) URL, or a path on this server starting with `/`.' }),
  allowedOrigins: z.array(text(300)).max(FORM_LIMITS.allowedOrigins).openapi({
    description:
      'Origins that may embed the form: `https://host[:port]`, `http://localhost[:port]`, `http://127.0.0.1[:port]`, or `*`.',
  }),
  defaultSource: text(200),
  defaultCampaign: text(200).nullable(),
  turnstileEnabled: z.boolean(),
  turnstileSiteKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .nullable(),
  signalsEnabled: z.boolean(),
  minSubmitSeconds: int(FORM_LIMITS.minSubmitSeconds),
  rateLimitPerIp: int(FORM_LIMITS.rateLimitPerIp),
  rateLimitPerForm: int(FORM_LIMITS.rateLimitPerForm),
  defaultLocale: FormLocaleSchema,
};

/** A new form: a name, and whatever else differs from the defaults. */
export const CreateFormSchema = z
  .strictObject(SETTINGS)
  .partial()
  .required({ name: true })
  .openapi('CreateForm');

/** A partial update: the settings sent replace the stored ones (arrays and per-locale texts whole). */
export const UpdateFormSchema = z.strictObject(SETTINGS).partial().openapi('UpdateForm');

const storedText = z.record(z.string(), z.string());

/** A form as the dashboard edits it. Stored data is read leniently: a field name it does not know survives. */
export const FormSchema = z
  .object({
    id: z.string(),
    status: z.enum(['active', 'disabled']),
    name: z.string(),
    fields: z.array(
      z.object({
        name: z.string(),
        required: z.boolean(),
        label: storedText.optional(),
        mustBeValid: z.boolean().optional(),
      }),
    ),
    consentText: storedText.nullable(),
    successMessage: storedText.nullable(),
    submitLabel: storedText.nullable(),
    redirectUrl: z.string().nullable(),
    allowedOrigins: z.array(z.string()),
    defaultSource: z.string(),
    defaultCampaign: z.string().nullable(),
    turnstileEnabled: z.boolean(),
    turnstileSiteKey: z.string().nullable(),
    signalsEnabled: z.boolean(),
    minSubmitSeconds: z.number().int(),
    rateLimitPerIp: z.number().int(),
    rateLimitPerForm: z.number().int(),
    defaultLocale: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .openapi('Form');

export const FormListSchema = z.object({ items: z.array(FormSchema) }).openapi('FormList');

/** An origin a form refused lately: no visitor data, only where the form was embedded without leave. */
export const RefusedOriginSchema = z
  .object({
    origin: z.string().openapi({ example: 'https://www.example.com' }),
    firstSeenAt: dateTime,
    lastSeenAt: dateTime,
    count: z.number().int().openapi({
      description:
        'Refused requests counted (at least this many: counts are written once a minute per server).',
    }),
  })
  .openapi('RefusedOrigin');

export const RefusedOriginListSchema = z
  .object({
    items: z.array(RefusedOriginSchema).openapi({ description: 'The 20 most recently seen, newest first.' }),
  })
  .openapi('RefusedOriginList');

/** One origin to add to a form's allowed origins (e.g. one it refused): `https://host[:port]`. */
export const AllowOriginSchema = z
  .strictObject({ origin: text(300).openapi({ example: 'https://www.example.com' }) })
  .openapi('AllowOrigin');

export type CreateForm = z.infer<typeof CreateFormSchema>;
export type UpdateForm = z.infer<typeof UpdateFormSchema>;
export type Form = z.infer<typeof FormSchema>;
export type FormList = z.infer<typeof FormListSchema>;
export type RefusedOrigin = z.infer<typeof RefusedOriginSchema>;
export type RefusedOriginList = z.infer<typeof RefusedOriginListSchema>;
export type AllowOrigin = z.infer<typeof AllowOriginSchema>;
