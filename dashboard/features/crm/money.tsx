import { locale } from '../../i18n';

/** An amount (decimal string) in the current locale's currency format. */
export function Money({ amount, currency }: { amount: string; currency: string }) {
  const value = Number(amount);
  try {
    return <>{new Intl.NumberFormat(locale.value, { style: 'currency', currency }).format(value)}</>;
  } catch {
    // An unknown currency code: the number and the code as stored.
    return <>{`${amount} ${currency}`}</>;
  }
}
