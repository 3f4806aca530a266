import { locale } from '../../i18n';

/**
 * An amount (decimal string or number) in `currency` (ISO 4217) as the UI locale writes money:
 * "20.000,00 €" in German, "20 000,00 Kč" in Czech. An unknown code: the number and the code.
 */
export function formatMoney(
  amount: string | number,
  currency: string,
  inLocale: string = locale.value,
): string {
  const value = Number(amount);
  try {
    return new Intl.NumberFormat(inLocale, { style: 'currency', currency }).format(value);
  } catch {
    return `${new Intl.NumberFormat(inLocale, { minimumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

/** An amount in its currency, in the current locale. */
export function Money({ amount, currency }: { amount: string; currency: string }) {
  return <>{formatMoney(amount, currency)}</>;
}
