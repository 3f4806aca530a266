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
