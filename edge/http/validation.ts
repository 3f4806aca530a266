import { OpenAPIHono } from '@hono/zod-openapi';
import type { FieldError, FieldErrorCode } from '../contract/problem';
import { VALIDATION_CODES } from '../contract/problem';
import type { AppEnv } from '../deps';
import { AppError, toPointer } from './errors';

/** What request validation reads of a zod issue. */
type Issue = {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: string[];
  maximum?: number | bigint;
  minimum?: number | bigint;
  origin?: string;
  format?: string;
  divisor?: number | bigint;
};

/** The values a client needs to word an issue in its own language (limits, the kind of value, the format). */
function issueParams(issue: Issue): FieldError['params'] {
  const params: Record<string, string | number> = {};
  for (const name of ['maximum', 'minimum', 'divisor'] as const) {
    const value = issue[name];
    if (value !== undefined) params[name] = Number(value);
  }
  if (issue.origin) params.origin = issue.origin;
  if (issue.format) params.format = issue.format;
  return Object.keys(params).length ? params : undefined;
}

/** A zod issue as a field error; a code zod adds later reads as `custom`, the catch-all. */
export function issueToFieldError(issue: Issue, path = issue.path): FieldError {
  const code: FieldErrorCode = (VALIDATION_CODES as readonly string[]).includes(issue.code ?? '')
    ? (issue.code as FieldErrorCode)
    : 'custom';
  const params = issueParams(issue);
  return { pointer: toPointer(path), detail: issue.message, code, ...(params && { params }) };
}

/**
 * Every router is made here, so every route validates the same way: bad query or path parameters → 400
 * naming the parameter, bad bodies → 422 with a JSON Pointer per field.
 */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issues = (result.error as { issues: Issue[] }).issues;
      const isBody = result.target === 'json' || result.target === 'form';
      // A parameter the route does not take is named by its own pointer (a body's unknown keys are told
      // at the object that holds them).
      const errors = issues.flatMap((i): FieldError[] =>
        !isBody && i.code === 'unrecognized_keys' && i.keys?.length
          ? i.keys.map((key) => ({
              pointer: toPointer([...i.path, key]),
              detail: 'Unknown parameter',
              code: 'unrecognized_keys',
            }))
          : [issueToFieldError(i)],
      );
      throw new AppError(isBody ? 'validation-failed' : 'invalid-parameter', undefined, errors);
    },
  });
}
