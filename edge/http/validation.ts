import { OpenAPIHono } from '@hono/zod-openapi';
import type { FieldError } from '../contract/problem';
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
};

/**
 * Field errors for zod issues: a JSON Pointer, the developer message and a stable code per field. Keys a
 * parameter object does not take are named one by one (a body's unknown keys are told at their object).
 */
export function fieldErrors(
  issues: ReadonlyArray<Issue>,
  { base = [], isBody = true }: { base?: PropertyKey[]; isBody?: boolean } = {},
): FieldError[] {
  return issues.flatMap((i) =>
    !isBody && i.code === 'unrecognized_keys' && i.keys?.length
      ? i.keys.map((key) => ({
          pointer: toPointer([...base, ...i.path, key]),
          detail: 'Unknown parameter',
          code: i.code,
        }))
      : [
          {
            pointer: toPointer([...base, ...i.path]),
            detail: i.message,
            code: typeof i.params?.code === 'string' ? i.params.code : i.code,
          },
        ],
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
