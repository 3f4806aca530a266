/** Postgres error codes the services act on (SQLSTATE). */
export const UNIQUE_VIOLATION = '23505';

/**
 * The SQLSTATEs our own statements raise on purpose, through `lg_abort(code, message)` (migration
 * 0018_named-aborts), to roll back every write of a statement when a condition it checks fails. Class
 * `LG` is used by neither the SQL standard nor Postgres, so no real error can carry one of these codes.
 *
 * | code    | name         | raised when                                                                 |
 * |---------|--------------|-----------------------------------------------------------------------------|
 * | `LGC01` | `claimTaken` | a new-lead statement finds its Idempotency-Key held by another request      |
 * | `LGM01` | `leadMoved`  | a fill without the row lock finds the known lead at another version than read |
 */
export const ABORT = {
  claimTaken: 'LGC01',
  leadMoved: 'LGM01',
} as const satisfies Record<string, string>;

export type AbortName = keyof typeof ABORT;

/**
 * The SQL that aborts the statement with `name`'s SQLSTATE: an expression of type boolean, for the branch
 * of a CASE the statement must not reach. Volatile, so the planner never evaluates it ahead of time.
 */
export function abortSql(name: AbortName, message: string): string {
  return `lg_abort('${ABORT[name]}', '${message.replaceAll("'", "''")}')`;
}

/** Whether `error` is the named abort `name` (see ABORT). */
export function isAbort(error: unknown, name: AbortName): boolean {
  return pgCode(error) === ABORT[name];
}

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

type DriverError = {
  code: string;
  severity?: string;
  routine?: string;
  table?: string;
  constraint?: string;
  column?: string;
};

/**
 * An error as it may be logged or stored, in one line: never a statement's parameters, nor the values a
 * database message quotes (names, emails, custom fields — drizzle's message carries the parameters,
 * Postgres's detail the offending values). A database error is told by its SQLSTATE, what it names of the
 * schema and the statement's text (its values are parameters); any other error by its name and message.
 */
export function describeError(error: unknown): string {
  const driver = driverError(error);
  if (!driver) return String(error);
  const query = (error as { query?: unknown }).query;
  const names = [
    driver.table && `table ${driver.table}`,
    driver.constraint && `constraint ${driver.constraint}`,
    driver.column && `column ${driver.column}`,
  ].filter(Boolean);
  return [
    `database error ${driver.code}`,
    driver.routine ? ` (${driver.routine})` : '',
    names.length ? ` on ${names.join(', ')}` : '',
    typeof query === 'string' ? `; statement: ${query.replace(/\s+/g, ' ').trim().slice(0, 500)}` : '',
  ].join('');
}

/** Where an error was thrown: its stack's call sites, without the message (which may quote values). */
export function callSites(error: unknown): string[] {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
}

/** The driver's error with a SQLSTATE, on the error itself or a cause a few levels down. */
function driverError(error: unknown): DriverError | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const candidate = e as Partial<DriverError>;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code) && 'severity' in candidate)
      return candidate as DriverError;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
