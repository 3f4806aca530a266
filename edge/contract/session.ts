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
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      locale: z.string(),
      /** The person's own IANA time zone; null: the organization's. */
      timezone: z.string().nullable(),
    }),
    organization: z.object({
      id: z.string(),
      name: z.string(),
      /** ISO 4217: the currency of the organization's amounts (opportunities, reports). */
      currency: z.string(),
      /** IANA time zone: the organization's working day. */
      timezone: z.string(),
      /** Members may take an unassigned lead themselves ("Assign to me"). */
      claimingEnabled: z.boolean(),
      /** The scoring model's bands: a score of at least `hot` is hot, at least `warm` warm, lower cold. */
      scoreBands: z.object({ hot: z.number().int(), warm: z.number().int() }),
    }),
    role: RoleSchema,
    /** The time zone dates and times are shown in: the person's own, else the organization's. */
    timezone: z.string(),
    /** Send back as the `X-CSRF-Token` header on every cookie-authenticated mutation. */
    csrfToken: z.string(),
  })
  .openapi('Session');

export type LoginBody = z.infer<typeof LoginBodySchema>;
export type Session = z.infer<typeof SessionSchema>;
