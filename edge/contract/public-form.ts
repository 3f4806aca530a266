import { z } from '@hono/zod-openapi';
import { FORM_LOCALES } from '../core/form-settings';

/** A text per locale code (`en`, `de`, …); a locale without a text is absent. */
const PerLocaleSchema = z
  .record(z.string(), z.string())
  .openapi({ example: { en: 'Work email', de: 'Geschäftliche E-Mail' } });

/** One field the widget renders, in the form's order. */
export const PublicFormFieldSchema = z
  .strictObject({
    name: z.string().openapi({ example: 'email' }),
    required: z.boolean(),
    label: PerLocaleSchema.openapi({
      description: 'The form’s own label per locale; the widget’s where absent.',
    }),
  })
  .openapi('PublicFormField');

/**
 * The public definition of a form (`GET /v1/forms/{formId}`): what the widget needs to render and submit it,
 * and nothing of the form's internal settings (origins, rate limits, lead defaults). The widget imports the
 * inferred type (never this schema at run time), so a change here that the widget does not follow fails
 * its type check.
 */
export const PublicFormSchema = z
  .strictObject({
    id: z.string().openapi({ example: 'frm_demo' }),
    name: z.string().openapi({ description: 'The form’s name: the `<form>`’s accessible name.' }),
    locales: z.array(z.enum(FORM_LOCALES)).openapi({ description: 'The locales the form speaks.' }),
    defaultLocale: z.string().openapi({ example: 'en' }),
    fields: z.array(PublicFormFieldSchema),
    consentText: PerLocaleSchema.nullable(),
    successMessage: PerLocaleSchema.nullable(),
    submitLabel: PerLocaleSchema.nullable().openapi({
      description:
        'The submit button’s text per locale; the widget’s own (“Send”) where the locale has none.',
    }),
    redirectUrl: z.string().nullable().openapi({
      description: 'Where to send the visitor after a submission (absolute, or a path on this server).',
    }),
    turnstileSiteKey: z.string().nullable().openapi({
      description:
        'Set when the form asks for Cloudflare Turnstile; its token goes in `CF-Turnstile-Response`.',
    }),
    signalsEnabled: z.boolean().openapi({
      description: 'Whether the widget sends behavioural signals (pages viewed, time on page) with consent.',
    }),
    spam: z.strictObject({
      honeypotField: z.string().openapi({ description: 'A field a human never fills in.' }),
      elapsedField: z.string().openapi({ description: 'The milliseconds from render to submit go here.' }),
      minSubmitSeconds: z.number().int().min(0),
    }),
    action: z.string().openapi({
      description: 'Where submissions go (a path on this server).',
      example: '/v1/forms/frm_demo/submissions',
    }),
  })
  .openapi('PublicForm');

export type PublicForm = z.infer<typeof PublicFormSchema>;
export type PublicFormField = z.infer<typeof PublicFormFieldSchema>;
