/**
 * A small five-field cron matcher (minute hour day-of-month month day-of-week, UTC), the dialect of
 * wrangler.toml's `[triggers] crons`: `*`, numbers, lists `a,b`, ranges `a-b` and steps `*\/n`, `a-b/n`.
 * Day of week is 0–7 with both 0 and 7 Sunday. When both day fields are restricted a day matching either
 * one matches (classic cron). Names (MON, JAN) and `L`/`W`/`#` are not supported.
 */

export type CronSchedule = {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Whether the day-of-month / day-of-week field was `*` (then only the other one decides). */
  anyDay: boolean;
  anyWeekday: boolean;
};

const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
] as const;

function parseField(text: string, min: number, max: number): Set<number> | null {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const lo = m[1] === '*' ? min : Number(m[2]);
    // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    if (step < 1 || lo < min || hi > max || lo > hi) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses an expression; null when it is not valid five-field cron. */
export function parseCron(expression: string): CronSchedule | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!.min, FIELDS[i]!.max));
  if (sets.some((s) => s === null)) return null;
  const [minutes, hours, days, months, weekdays] = sets as Set<number>[];
  if (weekdays!.has(7)) weekdays!.add(0);
  return {
    minutes: minutes!,
    hours: hours!,
    days: days!,
    months: months!,
    weekdays: weekdays!,
    anyDay: parts[2] === '*',
    anyWeekday: parts[4] === '*',
  };
}

/** Whether the schedule fires in the UTC minute of `at` (seconds ignored). */
export function cronMatches(s: CronSchedule, at: Date): boolean {
  if (!s.minutes.has(at.getUTCMinutes()) || !s.hours.has(at.getUTCHours())) return false;
  if (!s.months.has(at.getUTCMonth() + 1)) return false;
  const day = s.days.has(at.getUTCDate());
  const weekday = s.weekdays.has(at.getUTCDay());
  if (s.anyDay && s.anyWeekday) return true;
  if (s.anyDay) return weekday;
  if (s.anyWeekday) return day;
  return day || weekday;
}

const MINUTE_MS = 60_000;
/** Far enough back for any weekly or monthly schedule (a 31st-of-month job looks back two months). */
const LOOKBACK_MINUTES = 62 * 24 * 60;

/**
 * The latest fire time at or before `now` (a whole minute), or null when there is none within ~two months
 * (e.g. `0 0 30 2 *`). The Node timer runs a job when this is later than its last recorded run.
 */
export function previousFire(s: CronSchedule, now: Date): Date | null {
  const start = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  for (let i = 0; i <= LOOKBACK_MINUTES; i++) {
    const at = new Date(start - i * MINUTE_MS);
    if (cronMatches(s, at)) return at;
  }
  return null;
}
