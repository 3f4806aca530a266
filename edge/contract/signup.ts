import { z } from '@hono/zod-openapi';
import { NewOrganizationSchema, NewPasswordSchema, PersonEmail, PersonName } from './people';

const Locale = z.enum(['en', 'de', 'cs', 'uk']);

/** Whether this deployment lets a visitor create an organization (the sign-in page offers it then). */
export const SignupStatusSchema = z.object({ allowed: z.boolean() }).openapi('SignupStatus');

export const SignupRequestSchema = z
  .object({
    email: PersonEmail,
    /** The language of the email and of the page its link opens. */
    locale: Locale.optional(),
  })
  .openapi('SignupRequest');

/** The sign-up link's token travels in the body (the link keeps it in the URL fragment), never in a URL. */
export const SignupTokenSchema = z.object({ token: z.string().min(1).max(512) }).openapi('SignupToken');

export const SignupPreviewSchema = z
  .object({
    /** The proven address: the new organization's owner signs in with it. */
    email: z.string(),
    locale: z.string(),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SignupPreview');

export const CompleteSignupSchema = z
  .object({
    token: z.string().min(1).max(512),
    organization: NewOrganizationSchema,
    owner: z.object({
      name: PersonName,
      password: NewPasswordSchema,
      locale: Locale.optional(),
    }),
  })
  .openapi('CompleteSignup');

export type SignupRequest = z.infer<typeof SignupRequestSchema>;
export type SignupPreview = z.infer<typeof SignupPreviewSchema>;
export type CompleteSignup = z.infer<typeof CompleteSignupSchema>;
