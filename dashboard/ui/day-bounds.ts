import { zonedInstant } from '@core/task-time';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date filter's day as the instant it starts in the person's time zone: the day itself for a start
 * bound, the next day for an end bound (the API reads an end as exclusive). The API reads a bare date as a
 * UTC day, which is hours off for anyone outside UTC; with no zone known, or text that is not a date, the
 * value goes as it is.
 */
export function zonedDayBound(value: string, end: boolean, zone: string | undefined): string {
  const m = DAY.exec(value);
  if (!m || !zone) return value;
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day + (end ? 1 : 0)));
  const wall = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
  };
  return zonedInstant(wall, zone).toISOString();
}

/** `params` with its named start and end date bounds (see zonedDayBound) moved into the person's zone. */
export function withZonedDays<T extends Record<string, string | undefined>>(
  params: T,
  bounds: { start: readonly (keyof T)[]; end: readonly (keyof T)[] },
  zone: string | undefined,
): T {
  const out: Record<string, string | undefined> = { ...params };
  for (const key of bounds.start) {
    const v = params[key];
    if (v) out[key as string] = zonedDayBound(v, false, zone);
  }
  for (const key of bounds.end) {
    const v = params[key];
    if (v) out[key as string] = zonedDayBound(v, true, zone);
  }
  return out as T;
}
