import type { Catalog } from './en';

const de: Catalog = {
  labels: {
    firstName: 'Vorname',
    lastName: 'Nachname',
    email: 'E-Mail',
    phone: 'Telefon',
    company: 'Unternehmen',
    title: 'Position',
    industry: 'Branche',
    employees: 'Anzahl Mitarbeitende',
    country: 'Land',
    region: 'Region',
    city: 'Ort',
    description: 'Nachricht',
  },
  required: '(Pflichtfeld)',
  send: 'Senden',
  sending: 'Wird gesendet…',
  sent: 'Vielen Dank — wir haben Ihre Angaben erhalten.',
  queued: 'Gespeichert — wir senden es, sobald Sie wieder online sind.',
  invalid: 'Bitte korrigieren Sie die markierten Felder.',
  missing: 'Bitte füllen Sie dieses Feld aus.',
  badEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  check: 'Bitte überprüfen Sie diesen Wert.',
  failed: 'Leider ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.',
  loadFailed: 'Dieses Formular konnte nicht geladen werden.',
  blocked: 'Dieses Formular ist auf dieser Website nicht verfügbar.',
};

export default de;
