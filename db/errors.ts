/** Postgres error codes the services act on (SQLSTATE). */
export const UNIQUE_VIOLATION = '23505';

/**
 * The SQLSTATE of a database error, wherever the driver or drizzle put it: on the error itself or on a
 * cause a few levels down (drizzle wraps the driver's error). Undefined for anything else.
 */
export function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
