/**
 * The IANA time zones this browser knows (UTC first), for a time-zone picker. A `kept` zone the browser
 * does not list (renamed since it was saved) is listed first, so the saved value still shows.
 */
export function timeZoneChoices(kept?: string | null): string[] {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return kept && !zones.includes(kept) ? [kept, ...zones] : zones;
}
