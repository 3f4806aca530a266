import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvProblem, decodeCsv, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parseCsv } from './csv-import';
import { MAX_CSV_CELL_CHARS, MAX_CSV_ROW_CHARS } from './csv-reader';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Windows-1252 bytes for Latin-1-range text (what Excel writes for a German CSV). */
function cp1252(s: string): Uint8Array {
  return Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
}

function utf16(s: string, endian: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const [a, b] = endian === 'le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
    out[2 + i * 2] = a;
    out[3 + i * 2] = b;
  }
  return out;
}

function ok(bytes: Uint8Array) {
  const r = parseCsv(bytes);
  if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
  return r;
}

describe('decodeCsv', () => {
  it.each([
    ['UTF-8 without BOM', utf8('Příjmení\nNovák'), 'utf-8', 'Příjmení\nNovák'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Ім’я\nОлена')]), 'utf-8', 'Ім’я\nОлена'],
    ['UTF-16 LE with BOM', utf16('Nachname\nMüller', 'le'), 'utf-16le', 'Nachname\nMüller'],
    ['UTF-16 BE with BOM', utf16('Nachname\nMüller', 'be'), 'utf-16be', 'Nachname\nMüller'],
  ])('%s', (_name, bytes, encoding, text) => {
    expect(decodeCsv(bytes)).toEqual({ ok: true, encoding, text, notice: null });
  });

  it('falls back to Windows-1252 with a notice when the bytes are not UTF-8', () => {
    const r = decodeCsv(cp1252('Nachname;Straße\nMüller;Größe €'.replace('€', '\u0080')));
    expect(r).toMatchObject({ ok: true, encoding: 'windows-1252', text: 'Nachname;Straße\nMüller;Größe €' });
    expect(r.ok && r.notice).toMatch(/Windows-1252/);
  });

  it.each([
    ['empty', new Uint8Array(), 'empty-file'],
    ['binary (NUL bytes)', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), 'binary-file'],
    ['binary (control bytes)', new Uint8Array(200).fill(0x01), 'binary-file'],
  ])('refuses an %s file', (_name, bytes, code) => {
    expect(decodeCsv(bytes)).toMatchObject({ code, errors: [{ pointer: '/file', code }] });
  });

  it('refuses a file over 100 MB before reading it', () => {
    expect(decodeCsv(new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatchObject({ code: 'too-large' });
  });

  it('refuses bytes that are not valid in the encoding the user chose', () => {
    expect(decodeCsv(new Uint8Array([0x41, 0xff, 0x42]), 'utf-8')).toMatchObject({
      code: 'invalid-encoding',
    });
  });
});

describe('parseCsv', () => {
  it('reads a German Excel file: Windows-1252, semicolons, CRLF', () => {
    const r = ok(cp1252('Vorname;Nachname;Firma\r\nJürgen;Groß;Müller GmbH\r\nÄnne;Öz;\r\n'));
    expect(r).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      headers: ['Vorname', 'Nachname', 'Firma'],
    });
    expect(r.notice).not.toBeNull();
    expect(r.rows).toEqual([
      { line: 2, cells: ['Jürgen', 'Groß', 'Müller GmbH'] },
      { line: 3, cells: ['Änne', 'Öz', ''] },
    ]);
  });

  it('reads a tab-separated UTF-16 file with BOM (Excel "Unicode text")', () => {
    const r = ok(utf16('Jméno\tPříjmení\r\nJana\tNováková\r\n', 'le'));
    expect(r).toMatchObject({ delimiter: '\t', headers: ['Jméno', 'Příjmení'] });
    expect(r.rows).toEqual([{ line: 2, cells: ['Jana', 'Nováková'] }]);
  });

  it('keeps quoted newlines and doubled quotes, and numbers lines by the file', () => {
    const r = ok(utf8('Last Name,Description\nNovák,"first line\nsecond ""quoted"" line"\nSvoboda,plain\n'));
    expect(r.rows).toEqual([
      { line: 2, cells: ['Novák', 'first line\nsecond "quoted" line'] },
      { line: 4, cells: ['Svoboda', 'plain'] },
    ]);
  });

  it('reports ragged rows without failing, padding or cutting their cells', () => {
    const r = ok(utf8('a,b,c\n1,2\n1,2,3,4\n\n1,2,3\n'));
    expect(r.ragged).toEqual([
      { line: 2, cells: 2, expected: 3 },
      { line: 3, cells: 4, expected: 3 },
    ]);
    expect(r.rows.map((row) => row.cells)).toEqual([
      ['1', '2', ''],
      ['1', '2', '3'],
      ['1', '2', '3'],
    ]);
    expect(r.rows.map((row) => row.line)).toEqual([2, 3, 5]);
  });

  it.each([
    ['whitespace only', utf8(' \n \n'), 'empty-file', '/file'],
    ['header only', utf8('First Name,Last Name\r\n'), 'header-only', '/file'],
    ['an unnamed column', utf8('a,,c\n1,2,3'), 'empty-header', '/headers/1'],
  ])('refuses a file with %s', (_name, bytes, code, pointer) => {
    expect(parseCsv(bytes)).toMatchObject({ code, errors: [{ pointer }] });
  });

  it('names every duplicate header', () => {
    expect(parseCsv(utf8('Email,Name,email,Name\nx,y,z,w'))).toEqual({
      ok: false,
      code: 'duplicate-headers',
      detail: 'Column names must be unique.',
      errors: [
        {
          pointer: '/headers/2',
          code: 'duplicate-headers',
          detail: 'Column 3 "email" has the same name as column 1.',
        },
        {
          pointer: '/headers/3',
          code: 'duplicate-headers',
          detail: 'Column 4 "Name" has the same name as column 2.',
        },
      ],
    });
  });

  it('refuses more rows than the limit', () => {
    const text = `Last Name\n${'x\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(parseCsv(utf8(text))).toMatchObject({ code: 'too-many-rows' });
    expect(ok(utf8(`Last Name\n${'x\n'.repeat(MAX_IMPORT_ROWS)}`)).rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  it.each([
    ['an unterminated quote', 'Last Name,Note\nNovák,ok\nSvoboda,"open\nDvořák,x\n', 'unterminated-quote', 3],
    [
      'a cell over the limit',
      `Last Name\nNovák\n${'x'.repeat(MAX_CSV_CELL_CHARS + 1)}\n`,
      'cell-too-large',
      3,
    ],
    ['a row over the limit', `Last Name\n${'x,'.repeat(MAX_CSV_ROW_CHARS / 2 + 1)}\n`, 'row-too-large', 2],
  ])('refuses a file with %s, naming its line', (_name, text, code, line) => {
    expect(parseCsv(utf8(text))).toMatchObject({
      code,
      errors: [{ pointer: `/lines/${line}`, code, params: { line } }],
    });
  });

  it('reads a windows-1252 file whose first invalid UTF-8 byte is past the first chunk', () => {
    const r = ok(cp1252(`Name;Ort\n${'Novak;Praha\n'.repeat(10_000)}Müller;Köln\n`));
    expect(r.encoding).toBe('windows-1252');
    expect(r.rows.at(-1)).toEqual({ line: 10_002, cells: ['Müller', 'Köln'] });
  });
});

describe('parseCsv on hostile files', () => {
  const CODES: Array<CsvProblem['code']> = [
    'empty-file',
    'header-only',
    'binary-file',
    'too-large',
    'too-many-rows',
    'duplicate-headers',
    'empty-header',
    'invalid-encoding',
    'unterminated-quote',
    'cell-too-large',
    'row-too-large',
  ];
  const piece = fc.constantFrom(
    'a',
    'Ž',
    ',',
    ';',
    '\t',
    '"',
    '""',
    '\r',
    '\n',
    '\r\n',
    ' ',
    '\uFEFF',
    '\u0000',
    '=1+1',
    '\uD800',
  );
  const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
  const bytes = fc.oneof(
    text.map((s) => new TextEncoder().encode(s)),
    fc.uint8Array({ maxLength: 200 }),
    fc
      .tuple(
        fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], []),
        fc.uint8Array({ maxLength: 100 }),
      )
      .map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
  );
  const encoding = fc.constantFrom(undefined, 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252' as const);

  it('never throws: rows as wide as the header on increasing lines, or a known problem', () => {
    fc.assert(
      fc.property(bytes, encoding, (file, chosen) => {
        const r = parseCsv(file, chosen);
        if (!r.ok) {
          expect(CODES).toContain(r.code);
          expect(r.errors.length).toBeGreaterThan(0);
          return;
        }
        expect(r.headers.length).toBeGreaterThan(0);
        let last = 1;
        for (const row of r.rows) {
          expect(row.cells).toHaveLength(r.headers.length);
          expect(row.line).toBeGreaterThan(last);
          last = row.line;
        }
      }),
      { seed: 20261207, numRuns: 1_000 },
    );
  });
});

/** Peak resident memory (kB) since the last reset: Linux's VmHWM, reset by writing 5 to clear_refs. */
const linux = process.platform === 'linux';
function resetPeak(): number {
  writeFileSync('/proc/self/clear_refs', '5');
  return status('VmRSS');
}
function status(field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]);
}

describe.runIf(linux)('parseCsv memory', () => {
  /** 20 MB of plausible rows, with one quote that never closes on line 3. */
  function runawayQuote(): Uint8Array {
    const row = 'Jana,Nováková,jana.novakova@example.cz,+420 601 123 456,Example s.r.o.\n';
    const text = `First Name,Last Name,Email,Phone,Company\n${row}Jan,"Nov\n${row.repeat(300_000)}`;
    return utf8(text).subarray(0, 20 * 1024 * 1024);
  }

  it('stops at a runaway quote within less than the file again in memory', () => {
    const file = runawayQuote();
    const before = resetPeak();
    const r = parseCsv(file);
    const grownKb = status('VmHWM') - before;
    expect(r).toMatchObject({ code: 'unterminated-quote', errors: [{ pointer: '/lines/3' }] });
    // Budget: the file's size again (it took ~2× when the whole text was decoded and parsed at once).
    expect(grownKb * 1024).toBeLessThan(file.length);
  });
});
