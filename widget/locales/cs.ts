import type { Catalog } from './en';

const cs: Catalog = {
  labels: {
    firstName: 'Jméno',
    lastName: 'Příjmení',
    email: 'E-mail',
    phone: 'Telefon',
    company: 'Společnost',
    title: 'Pracovní pozice',
    industry: 'Obor',
    employees: 'Počet zaměstnanců',
    country: 'Země',
    region: 'Kraj',
    city: 'Město',
    description: 'Zpráva',
  },
  required: '(povinné)',
  send: 'Odeslat',
  sending: 'Odesílání…',
  sent: 'Děkujeme — vaše údaje jsme obdrželi.',
  queued: 'Uloženo — odešleme to, jakmile budete opět online.',
  invalid: 'Opravte prosím označená pole.',
  missing: 'Vyplňte prosím toto pole.',
  badEmail: 'Zadejte prosím platnou e-mailovou adresu.',
  check: 'Zkontrolujte prosím tuto hodnotu.',
  failed: 'Omlouváme se, něco se pokazilo. Zkuste to prosím znovu.',
  loadFailed: 'Tento formulář se nepodařilo načíst.',
  blocked: 'Tento formulář není na tomto webu dostupný.',
};

export default cs;
