import { z } from '@hono/zod-openapi';
import { FIELD_ERROR_CODES } from './field-errors';

export { FIELD_ERROR_CODES, type FieldErrorCode, VALIDATION_CODES } from './field-errors';

/** One field-level error: a JSON Pointer (RFC 6901) into the request, and what is wrong there. */
export const FieldErrorSchema = z.object({
  pointer: z.string().openapi({ example: '/lastName' }),
  /** What is wrong, in English, for developers; users read the dashboard's wording of `code`. */
  detail: z.string(),
  /** Stable machine code for the widget and dashboard to word (e.g. `too_big`, `invalid_format`). */
  code: z.enum(FIELD_ERROR_CODES).optional(),
  /**
   * The values the wording needs: `maximum` / `minimum` and `origin` (`string`, `number`, `array`, …)
   * for `too_big` / `too_small`; `format` (e.g. `email`) for `invalid_format`.
   */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** RFC 9457 problem details, with our stable `code` and field-level `errors`. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi('Problem');

/** `origin-not-allowed` on a form's public definition: which origin was refused and where to allow it. */
export const OriginRefusedProblemSchema = ProblemSchema.extend({
  origin: z.string().openapi({ example: 'https://www.example.com' }),
  formId: z.string().openapi({ example: 'frm_demo' }),
  editorUrl: z
    .string()
    .openapi({ description: 'The form’s editor in the dashboard, where an admin allows it.' }),
}).openapi('OriginRefusedProblem');

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** The problem responses a route documents; every error body is `application/problem+json`. */
export function problemResponses(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  > = {};
  for (const status of statuses) {
    out[status] = {
      description: 'Problem details (RFC 9457)',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return out;
}
