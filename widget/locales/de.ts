import type { Catalog } from './keys';

/** German, in the order of `Str`. */
const de: Catalog = [
  'Vorname', // firstName
  'Nachname', // lastName
  'E-Mail', // email
  'Telefon', // phone
  'Firma', // company
  'Position', // title
  'Land', // country
  'Nachricht', // description
  '(Pflichtfeld)', // required
  'Senden', // send
  'Wird gesendet…', // sending
  'Danke! Wir haben Ihre Angaben.', // sent
  'Gespeichert — wir senden es, sobald Sie wieder online sind.', // queued
  'Bitte markierte Felder korrigieren.', // invalid
  'Bitte ausfüllen.', // missing
  'Bitte gültige E-Mail eingeben.', // badEmail
  'Bitte prüfen.', // check
  'Fehler. Bitte erneut versuchen.', // failed
  'Dieses Formular ist hier nicht verfügbar.', // blocked
  'Zu viele Versuche — wir versuchen es gleich erneut.', // busy
  'Erhalten — wir prüfen es zuerst von Hand.', // held
  'Bitte eine gültige Telefonnummer eingeben.', // badPhone
];

export default de;
