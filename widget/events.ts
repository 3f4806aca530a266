/** Detail of `lead-form:submit`: the visitor's submission passed the checks and is being sent. */
export type LeadFormSubmitDetail = { formId: string };
/** Detail of `lead-form:success`: the server's receipt. Cancel the event to stay on the page. */
export type LeadFormSuccessDetail = { receiptId: string };
/** Detail of `lead-form:error`: a stable code (`validation-failed`, `origin-not-allowed`, `network`, …). */
export type LeadFormErrorDetail = { code: string };

export type LeadFormEventMap = {
  'lead-form:submit': CustomEvent<LeadFormSubmitDetail>;
  'lead-form:success': CustomEvent<LeadFormSuccessDetail>;
  'lead-form:error': CustomEvent<LeadFormErrorDetail>;
};

declare global {
  interface HTMLElementEventMap extends LeadFormEventMap {}
}

/**
 * Dispatches one of the widget's events from the host element: bubbling, composed (it leaves the shadow
 * root) and cancelable. Returns false when a listener called `preventDefault()`.
 */
export function emit<K extends keyof LeadFormEventMap>(
  target: EventTarget,
  type: K,
  detail: LeadFormEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }),
  );
}
