import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../deps';
import { AppError, toPointer } from './errors';

type Issue = { path: ReadonlyArray<PropertyKey>; message: string; code?: string };

/**
 * Every router is made here, so every route validates the same way: bad query or path parameters → 400
 * naming the parameter, bad bodies → 422 with a JSON Pointer per field.
 */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issues = (result.error as { issues: Issue[] }).issues;
      const errors = issues.map((i) => ({ pointer: toPointer(i.path), detail: i.message, code: i.code }));
      const isBody = result.target === 'json' || result.target === 'form';
      throw new AppError(isBody ? 'validation-failed' : 'invalid-parameter', undefined, errors);
    },
  });
}
