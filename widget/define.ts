import { LeadFormElement } from './lead-form.element';

declare global {
  interface HTMLElementTagNameMap {
    'lead-form': LeadFormElement;
  }
}

/**
 * Registers `<lead-form>` (once: a second copy of the script on the page is a no-op). Elements already in
 * the page upgrade now; that is the loader's queue, kept by the browser.
 */
export function defineLeadForm(origin?: string): void {
  if (origin) LeadFormElement.origin = origin;
  if (!customElements.get('lead-form')) customElements.define('lead-form', LeadFormElement);
}

export { LeadFormElement };
