import { describe, expect, it } from 'vitest';
import { attachmentDisposition, safeContentType, safeFileName } from './files';

describe('safeFileName', () => {
  it.each([
    ['offer.pdf', 'offer.pdf'],
    ['C:\\fakepath\\Angebot Müller.pdf', 'Angebot Müller.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['.htaccess', 'htaccess'],
    ['a\u0000b\u0007.txt', 'ab.txt'],
    ['  spaced   name.doc ', 'spaced name.doc'],
    ['', 'document'],
    ['///', 'document'],
    [`${'x'.repeat(300)}.pdf`, `${'x'.repeat(251)}.pdf`],
  ])('%j → %j', (raw, name) => {
    expect(safeFileName(raw)).toBe(name);
  });
});

describe('safeContentType', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['Text/Plain; charset=utf-8', 'text/plain'],
    ['image/svg+xml', 'image/svg+xml'],
    ['', 'application/octet-stream'],
    [null, 'application/octet-stream'],
    ['not a type', 'application/octet-stream'],
    ['text/html\r\nX-Evil: 1', 'application/octet-stream'],
  ])('%j → %j', (raw, type) => {
    expect(safeContentType(raw)).toBe(type);
  });
});

describe('attachmentDisposition', () => {
  it.each([
    ['offer.pdf', `attachment; filename="offer.pdf"; filename*=UTF-8''offer.pdf`],
    [
      'Angebot Müller.pdf',
      `attachment; filename="Angebot Muller.pdf"; filename*=UTF-8''Angebot%20M%C3%BCller.pdf`,
    ],
    [
      'Договір.pdf',
      `attachment; filename="_______.pdf"; filename*=UTF-8''%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D1%96%D1%80.pdf`,
    ],
    ['say "hi".txt', `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`],
    ["it's (1).txt", `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`],
  ])('%j', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });
});
