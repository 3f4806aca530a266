import { z } from '@hono/zod-openapi';
import { isIssuerUrl, SSO_NEW_PEOPLE, ssoDomain } from '../core/sso';
import { plainString } from './text';

/** An organization's single sign-on as its owner sees it: never the client secret, only whether one is set. */
export const SsoConfigSchema = z
  .object({
    issuer: z.string(),
    clientId: z.string(),
    clientSecretSet: z.boolean(),
    allowedDomains: z.array(z.string()),
    newPeople: z.enum(SSO_NEW_PEOPLE),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SsoConfig');

export const SsoSettingsSchema = z
  .object({
    /** Null while the organization has no single sign-on. */
    config: SsoConfigSchema.nullable(),
    /** The redirect URI to register with the provider. */
    callbackUrl: z.string(),
  })
  .openapi('SsoSettings');

const Domain = z
  .string()
  .max(253)
  .refine((v) => ssoDomain(v) !== null, {
    message: 'Not a domain name',
    params: { code: 'invalid_format' },
  });

export const PutSsoConfigSchema = z
  .object({
    issuer: z
      .string()
      .max(2000)
      .refine(isIssuerUrl, {
        message: 'An https URL (http only on localhost), without query or fragment',
        params: { code: 'invalid_format' },
      }),
    clientId: plainString().pipe(z.string().trim().min(1).max(500)),
    /** Required the first time; absent keeps the stored secret. */
    clientSecret: plainString().pipe(z.string().min(1).max(2000)).optional(),
    allowedDomains: z.array(Domain).min(1).max(50),
    newPeople: z.enum(SSO_NEW_PEOPLE),
  })
  .openapi('PutSsoConfig');

export const SsoStartQuerySchema = z.object({
  /** The organization's slug, or a work email address or its domain. */
  org: z.string().max(320).optional(),
  /** `1`: the owner's test sign-in, which reports what would happen and signs nobody in. */
  test: z.enum(['1']).optional(),
});

export type SsoConfig = z.infer<typeof SsoConfigSchema>;
export type SsoSettings = z.infer<typeof SsoSettingsSchema>;
export type PutSsoConfig = z.infer<typeof PutSsoConfigSchema>;
