import { locale } from '../../i18n';

/** A share (0–1) as a percentage in the UI locale; an unknown rate is a dash. */
export function percent(value: number | null): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** Seconds as hours with one decimal (reports compare stages spanning minutes to weeks). */
export function hours(seconds: number | null): string {
  if (seconds === null) return '–';
  return new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 }).format(seconds / 3600);
}

/** A whole number in the UI locale. */
export function count(value: number): string {
  return new Intl.NumberFormat(locale.value).format(value);
}
