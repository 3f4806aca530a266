import { OpenAPIHono } from '@hono/zod-openapi';
import { fieldErrors, type Issue, invalidTextErrors } from '../contract/issues';
import { AppError } from '../core/errors';
import type { AppEnv } from '../deps';

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
      if (errors.length) throw new AppError(isBody ? 'validation-failed' : 'invalid-parameter', { errors });
    },
  });
}
