import { toPointer } from '../core/json-pointer';
import { FIELD_ERROR_CODES, type FieldErrorCode, VALIDATION_CODES } from './field-errors';
import type { FieldError } from './problem';
import { INVALID_TEXT, invalidTextPaths } from './text';

/*
 * Zod issues as the field errors of a problem: one JSON Pointer, a developer message, a stable code and
 * the values its wording needs. Request validation and the services that check payloads themselves
 * (a webhook's, a form's) report through these, so a field error reads the same from every path.
 */

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
