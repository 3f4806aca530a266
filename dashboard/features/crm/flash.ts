import { signal } from '@preact/signals';

/**
 * A message that outlives a navigation: the lead page sets it after a conversion, and the opportunity
 * page it navigates to shows it in its live region, then clears it.
 */
export const flash = signal('', { name: 'crm.flash' });
