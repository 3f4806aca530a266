import { z } from '@hono/zod-openapi';
import { normalizeEmail } from '../core/contact';

const text = (max: number) => z.string().trim().max(max);
const scalar = z.union([z.string().max(2000), z.number(), z.boolean()]);

/**
 * A submission from the widget (or any JSON client). Unknown scalar fields are accepted and kept as custom
 * attributes; field errors come back with a JSON Pointer per field so the widget can map them to inputs.
 */
export const SubmissionSchema = z
  .object({
    firstName: text(200).optional(),
    lastName: text(200).min(1),
    email: text(320)
      .optional()
      .refine((v) => !v || normalizeEmail(v).ok, { message: 'Enter a valid email address' }),
    phone: text(64).optional(),
    company: text(200).optional(),
    title: text(200).optional(),
    industry: text(200).optional(),
    employees: z.coerce.number().int().min(0).max(10_000_000).optional(),
    country: text(100).optional(),
    region: text(200).optional(),
    city: text(200).optional(),
    description: text(5000).optional(),
    /** A checkbox posts "on"; JSON clients send a boolean. */
    consent: z
      .preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' ? false : v), z.boolean())
      .optional(),
  })
  .catchall(scalar)
  .openapi('Submission');

export const SubmissionReceiptSchema = z
  .object({
    /** A receipt for this submission; it does not reveal whether the person was already known. */
    id: z.string(),
    status: z.literal('received'),
  })
  .openapi('SubmissionReceipt');

export type Submission = z.infer<typeof SubmissionSchema>;
export type SubmissionReceipt = z.infer<typeof SubmissionReceiptSchema>;
