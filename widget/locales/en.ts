import type { Catalog } from './keys';

/** English, in the order of `Str`. */
const en: Catalog = [
  'First name', // firstName
  'Last name', // lastName
  'Email', // email
  'Phone', // phone
  'Company', // company
  'Job title', // title
  'Country', // country
  'Message', // description
  '(required)', // required
  'Send', // send
  'Sending…', // sending
  'Thank you! We got your details.', // sent
  'Saved — we’ll send it as soon as you’re back online.', // queued
  'Please fix the marked fields.', // invalid
  'Please fill this in.', // missing
  'Enter a valid email.', // badEmail
  'Please check this.', // check
  'Something went wrong. Try again.', // failed
  'This form is not available here.', // blocked
  'Too many attempts — we’ll retry shortly.', // busy
  'Received — a person will check it first.', // held
  'Enter a valid phone number.', // badPhone
];

export default en;
