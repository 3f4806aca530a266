import { describe, expect, it } from 'vitest';
import { buildSearchText, cleanText, companyMatchKey, foldForMatch, isStorableText } from './text';

describe('cleanText', () => {
  it.each([
    ['  Jana   Nováková ', 'Jana Nováková'],
    ['Nova\u0301kova\u0301', 'Nováková'], // decomposed input becomes NFC
    ['tab\tand\nnewline', 'tab and newline'],
    ['   ', null],
    [null, null],
    ['🚀 Олена', '🚀 Олена'],
    ['a\u0000b', 'ab'],
    ['teal\udfff', 'teal\ufffd'],
    ['\ud83d Jana', '\ufffd Jana'],
    ['\udfff\ud83d', '\ufffd\ufffd'], // low before high is no pair
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('isStorableText', () => {
  it.each([
    ['Jana Nováková', true],
    ['🚀 \ud83d\ude80', true], // a surrogate pair, written either way
    ['', true],
    ['a\u0000b', false],
    ['\udfff', false],
    ['x\ud83d', false],
    ['\ude80\ud83d', false],
  ])('%j → %s', (input, expected) => {
    expect(isStorableText(input)).toBe(expected);
  });
});

describe('foldForMatch', () => {
  it.each([
    ['Nováková', 'novakova'],
    ['Müller', 'muller'],
    ['Žluťoučký kůň', 'zlutoucky kun'],
    ['ШЕВЧЕНКО', 'шевченко'],
    ['Йосип', 'иосип'], // the breve is a combining mark in NFD: folded too, as search should be
  ])('%s → %s', (input, expected) => {
    expect(foldForMatch(input)).toBe(expected);
  });
});

describe('companyMatchKey', () => {
  it.each([
    ['Škoda Digital a.s.', 'skoda digital'],
    ['Müller & Söhne GmbH', 'muller & sohne'],
    ['Acme, Inc.', 'acme'],
    ['ACME INC', 'acme'],
    ['Initech Ltd', 'initech'],
    ['Brno Analytics, spol. s r.o.', 'brno analytics'],
    ['Globex Corporation', 'globex'],
    // Folding strips the diaeresis (ї → і) on both sides of every comparison; a leading legal form is kept.
    ['ТОВ Київ Софт', 'тов киів софт'],
    ['Київ Софт ТОВ', 'киів софт'],
    ['GmbH', 'gmbh'], // a name that is only a legal form is kept
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(companyMatchKey(input)).toBe(expected);
  });
});

describe('buildSearchText', () => {
  it('joins and folds the parts, skipping empty ones', () => {
    expect(buildSearchText(['Jana', null, 'Nováková', 'Škoda Digital'])).toBe('jana novakova skoda digital');
  });
});
