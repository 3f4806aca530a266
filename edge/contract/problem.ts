import { z } from '@hono/zod-openapi';

/** One field-level error: a JSON Pointer (RFC 6901) into the request, and what is wrong there. */
export const FieldErrorSchema = z.object({
  pointer: z.string().openapi({ example: '/lastName' }),
  detail: z.string(),
  /** Stable machine code for the widget and dashboard to translate (e.g. `too_small`, `invalid_format`). */
  code: z.string().optional(),
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
