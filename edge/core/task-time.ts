/**
 * Wall-clock arithmetic for tasks in a person's IANA time zone: "tomorrow 9:00", where today begins and
 * ends, the snooze choices. Pure (values in, values out); DST is handled by asking Intl for the zone's
 * offset at the instant in question rather than adding 24 hours.
 */

/** The hour a task is due by default, and a "tomorrow" or "next week" snooze lands on. */
export const WORKDAY_START_HOUR = 9;

/** The snooze choices besides a chosen time. */
export const SNOOZE_PRESETS = ['hour', 'tomorrow', 'next-week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

type WallTime = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time at `at` in `timeZone`. */
export function wallTime(at: Date, timeZone: string): WallTime & { second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far `timeZone` is ahead of UTC at `at`, in milliseconds. */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallTime(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in `timeZone` (the day may overflow: day 32 is the 1st of the next
 * month). A time skipped by a DST jump lands after the jump.
 */
export function zonedInstant(w: WallTime, timeZone: string): Date {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = offsetAt(new Date(naive), timeZone);
  const guess = naive - first;
  const second = offsetAt(new Date(guess), timeZone);
  return new Date(second === first ? guess : naive - second);
}

/** `days` after the calendar day of `at` in `timeZone`, at hour:00 local time. */
export function dayAt(at: Date, timeZone: string, days: number, hour: number): Date {
  const w = wallTime(at, timeZone);
  return zonedInstant({ year: w.year, month: w.month, day: w.day + days, hour, minute: 0 }, timeZone);
}

/** A new task's default due time: tomorrow at 9:00 in the assignee's time zone. */
export function defaultDue(now: Date, timeZone: string): Date {
  return dayAt(now, timeZone, 1, WORKDAY_START_HOUR);
}

/** Where today begins and ends (the next day's midnight) in `timeZone`: a 23- or 25-hour day on DST days. */
export function todayBounds(now: Date, timeZone: string): { start: Date; end: Date } {
  return { start: dayAt(now, timeZone, 0, 0), end: dayAt(now, timeZone, 1, 0) };
}

/**
 * Where a snooze moves a task: an hour from now, tomorrow 9:00, or next Monday 9:00 (a week from today's
 * Monday, so snoozing on Sunday lands the next day).
 */
export function snoozedDue(preset: SnoozePreset, now: Date, timeZone: string): Date {
  if (preset === 'hour') return new Date(now.getTime() + 3_600_000);
  if (preset === 'tomorrow') return defaultDue(now, timeZone);
  const w = wallTime(now, timeZone);
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay(); // 0 = Sunday
  const toMonday = weekday === 0 ? 1 : 8 - weekday;
  return dayAt(now, timeZone, toMonday, WORKDAY_START_HOUR);
}
