/**
 * The widget's own English strings. Labels of the standard lead fields are defaults: a form's definition
 * may carry its own label per locale, which wins.
 */
const en = {
  labels: {
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Phone',
    company: 'Company',
    title: 'Job title',
    industry: 'Industry',
    employees: 'Number of employees',
    country: 'Country',
    region: 'Region',
    city: 'City',
    description: 'Message',
  },
  required: '(required)',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Thank you — we received your details.',
  queued: 'Saved — we’ll send it as soon as you’re back online.',
  invalid: 'Please correct the marked fields.',
  missing: 'Please fill in this field.',
  badEmail: 'Please enter a valid email address.',
  check: 'Please check this value.',
  failed: 'Sorry, something went wrong. Please try again.',
  loadFailed: 'This form could not be loaded.',
  blocked: 'This form is not available on this site.',
};

/** The shape every locale's catalog has: the same keys as English. */
export type Catalog = typeof en;
/** A status message the widget shows (every catalog key except the labels). */
export type MessageKey = Exclude<keyof Catalog, 'labels'>;

export default en;
