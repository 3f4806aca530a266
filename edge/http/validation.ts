import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../deps';
import { AppError, toPointer } from './errors';

type Issue = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] };

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
      const errors = issues.flatMap((i) =>
        !isBody && i.code === 'unrecognized_keys' && i.keys?.length
          ? i.keys.map((key) => ({
              pointer: toPointer([...i.path, key]),
              detail: 'Unknown parameter',
              code: i.code,
            }))
          : [{ pointer: toPointer(i.path), detail: i.message, code: i.code }],
      );
      throw new AppError(isBody ? 'validation-failed' : 'invalid-parameter', undefined, errors);
    },
  });
}
