import type { Catalog } from './keys';

/** Ukrainian, in the order of `Str`. */
const uk: Catalog = [
  'Ім’я', // firstName
  'Прізвище', // lastName
  'Ел. пошта', // email
  'Телефон', // phone
  'Компанія', // company
  'Посада', // title
  'Країна', // country
  'Повідомлення', // description
  '(обов’язково)', // required
  'Надіслати', // send
  'Надсилання…', // sending
  'Дякуємо! Дані отримано.', // sent
  'Збережено — надішлемо, щойно ви будете онлайн.', // queued
  'Виправте позначені поля.', // invalid
  'Заповніть поле.', // missing
  'Введіть дійсний e-mail.', // badEmail
  'Перевірте значення.', // check
  'Помилка. Спробуйте ще раз.', // failed
  'Ця форма тут недоступна.', // blocked
  'Забагато спроб — незабаром спробуємо ще раз.', // busy
  'Отримано — спершу це перевірить людина.', // held
  'Введіть дійсний номер телефону.', // badPhone
];

export default uk;
