import { OpenAPIHono } from '@hono/zod-openapi';
import {
  FIELD_ERROR_CODES,
  type FieldError,
  type FieldErrorCode,
  VALIDATION_CODES,
} from '../contract/problem';
import { INVALID_TEXT, invalidTextPaths } from '../contract/text';
import type { AppEnv } from '../deps';
import { AppError, toPointer } from './errors';

/** A zod issue as every zod version reports it; a refinement may carry its own code in `params`. */
export type Issue = {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: string[];
  params?: { code?: unknown };
  maximum?: number | bigint;
  minimum?: number | bigint;
  origin?: string;
  format?: string;
  divisor?: number | bigint;
};

const isCode = (list: readonly string[], value: unknown): value is FieldErrorCode =>
  typeof value === 'string' && list.includes(value);

/** The issue's code in the closed table: a refinement's own, else zod's; one zod adds later reads as `custom`. */
function codeOf(issue: Issue): FieldErrorCode {
  if (isCode(FIELD_ERROR_CODES, issue.params?.code)) return issue.params.code;
  return isCode(VALIDATION_CODES, issue.code) ? issue.code : 'custom';
}

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

/** One zod issue as a field error: a JSON Pointer, the developer message, a stable code and its params. */
export function issueToFieldError(issue: Issue, path: ReadonlyArray<PropertyKey> = issue.path): FieldError {
  const params = issueParams(issue);
  return { pointer: toPointer(path), detail: issue.message, code: codeOf(issue), ...(params && { params }) };
}

/**
 * Field errors for zod issues: a JSON Pointer, the developer message and a stable code per field. Keys a
 * parameter object does not take are named one by one (a body's unknown keys are told at their object).
 */
export function fieldErrors(
  issues: ReadonlyArray<Issue>,
  { base = [], isBody = true }: { base?: PropertyKey[]; isBody?: boolean } = {},
): FieldError[] {
  return issues.flatMap((i): FieldError[] =>
    !isBody && i.code === 'unrecognized_keys' && i.keys?.length
      ? i.keys.map((key) => ({
          pointer: toPointer([...base, ...i.path, key]),
          detail: 'Unknown parameter',
          code: 'unrecognized_keys',
        }))
      : [issueToFieldError(i, [...base, ...i.path])],
  );
}

/** Every string of a parsed input, keys included, that Postgres cannot store, as field errors. */
export function invalidTextErrors(data: unknown, base: PropertyKey[] = []): FieldError[] {
  return invalidTextPaths(data, base).map((path) => ({
    pointer: toPointer(path),
    detail: INVALID_TEXT.message,
    code: INVALID_TEXT.code,
  }));
}

/**
 * Every router is made here, so every route validates the same way: bad query or path parameters → 400
 * naming the parameter, bad bodies → 422 with a JSON Pointer per field. What passed its schema is also
 * checked for text Postgres cannot store, in every field, key and parameter (one rule, whatever the
 * schema). A `foreignPayload` route takes another system's JSON as it comes: its adapter checks the
 * shape it knows and mends text in what it only keeps (cleanText), so a stray character in a field
 * nobody reads does not lose a lead that a third party will not send again.
 */
export function router({ foreignPayload = false }: { foreignPayload?: boolean } = {}) {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      const isBody = result.target === 'json' || result.target === 'form';
      const checked = !(foreignPayload && result.target === 'json');
      const errors = result.success
        ? checked
          ? invalidTextErrors(result.data)
          : []
        : fieldErrors((result.error as { issues: Issue[] }).issues, { isBody });
      if (errors.length)
        throw new AppError(isBody ? 'validation-failed' : 'invalid-parameter', undefined, errors);
    },
  });
}
