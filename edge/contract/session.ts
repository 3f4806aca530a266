import { z } from '@hono/zod-openapi';
import { ROLES, type Role } from '../core/permissions';

export const RoleSchema = z.enum(ROLES).openapi('Role');
export type { Role };

export const LoginBodySchema = z
  .object({
    email: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(1024),
  })
  .openapi('LoginBody');

export const SessionSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string() }),
    organization: z.object({
      id: z.string(),
      name: z.string(),
      /** ISO 4217: the currency of the organization's amounts (opportunities, reports). */
      currency: z.string(),
      /** Members may take an unassigned lead themselves ("Assign to me"). */
      claimingEnabled: z.boolean(),
    }),
    role: RoleSchema,
    /** Send back as the `X-CSRF-Token` header on every cookie-authenticated mutation. */
    csrfToken: z.string(),
  })
  .openapi('Session');

export type LoginBody = z.infer<typeof LoginBodySchema>;
export type Session = z.infer<typeof SessionSchema>;
