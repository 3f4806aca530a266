import { describe, expect, it } from 'vitest';
import { initials } from './initials';

describe('initials', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['ada  lovelace ', 'AL'],
    ['Jean-Luc de la Croix', 'JC'],
    ['Zoë', 'Z'],
    ['Šárka Čermáková', 'ŠČ'],
    ['Олена Петренко', 'ОП'],
    ['山田 太郎', '山太'],
    ['محمد علي', 'مع'],
    ['(Ann) Lee', 'AL'],
    ['👩🏽‍💼 Li Wei', 'LW'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
