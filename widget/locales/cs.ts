import type { Catalog } from './keys';

/** Czech, in the order of `Str`. */
const cs: Catalog = [
  'Jméno', // firstName
  'Příjmení', // lastName
  'E-mail', // email
  'Telefon', // phone
  'Firma', // company
  'Pozice', // title
  'Země', // country
  'Zpráva', // description
  '(povinné)', // required
  'Odeslat', // send
  'Odesílání…', // sending
  'Děkujeme! Údaje máme.', // sent
  'Uloženo — odešleme, jakmile budete zase online.', // queued
  'Opravte označená pole.', // invalid
  'Vyplňte prosím.', // missing
  'Zadejte platný e-mail.', // badEmail
  'Zkontrolujte prosím.', // check
  'Chyba. Zkuste to znovu.', // failed
  'Tento formulář tu není dostupný.', // blocked
  'Příliš mnoho pokusů — brzy to zkusíme znovu.', // busy
  'Přijato — nejdřív to zkontroluje člověk.', // held
  'Zadejte platné telefonní číslo.', // badPhone
];

export default cs;
