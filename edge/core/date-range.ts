const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Reads one end of a date range filter. A full ISO timestamp (with its offset) is taken as it is; a bare
 * date is a whole UTC day, so `from=2026-03-01&to=2026-03-01` covers that day: the start is inclusive, the
 * end becomes the next midnight, exclusive. Returns null for anything else, an impossible date, or a time
 * outside the years 1000–9999 (which databases and ISO strings do not round-trip alike).
 */
export function parseDateBound(text: string, end: 'start' | 'end'): Date | null {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const [, y, m, d] = day.map(Number) as [number, number, number, number];
    const at = Date.UTC(y, m - 1, d);
    const back = new Date(at);
    // Date.UTC rolls 2026-02-30 over into March; a date that does not read back the same is impossible.
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
    return inRange(new Date(end === 'end' ? at + DAY_MS : at));
  }
  if (!DATE_TIME.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : inRange(new Date(at));
}

function inRange(at: Date): Date | null {
  const year = at.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? at : null;
}
