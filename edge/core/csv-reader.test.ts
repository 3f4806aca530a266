import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRow } from './csv';
import { CsvReader, type CsvReadProblem } from './csv-reader';

type Read = { records: Array<{ line: number; cells: string[] }>; problem: CsvReadProblem | null };

/** Reads `text` given in the pieces that `cuts` (offsets) make, as the decoder hands it over. */
function read(text: string, cuts: number[] = [], limits: { cell?: number; row?: number } = {}): Read {
  const records: Read['records'] = [];
  const reader = new CsvReader({
    delimiter: ',',
    onRecord: (cells, line) => records.push({ line, cells }),
    maxCellChars: limits.cell,
    maxRowChars: limits.row,
  });
  const at = [0, ...[...cuts].sort((a, b) => a - b), text.length];
  let problem: CsvReadProblem | null = null;
  for (let i = 0; i < at.length - 1 && !problem; i++) problem = reader.push(text.slice(at[i], at[i + 1]));
  return { records, problem: problem ?? reader.end() };
}

describe('CsvReader', () => {
  it.each([
    [
      'LF',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'CR',
      'a,b\r1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    ['no final newline', 'a\n1', [['a'], ['1']], [1, 2]],
    ['a blank line', 'a\n\n1\n', [['a'], [''], ['1']], [1, 2, 3]],
    ['a BOM', '\uFEFFa,b\n', [['a', 'b']], [1]],
    [
      'quoted delimiters and newlines',
      'a,"x,\r\ny"\n1,2',
      [
        ['a', 'x,\r\ny'],
        ['1', '2'],
      ],
      [1, 3],
    ],
    ['doubled quotes', '"say ""hi""",""\n', [['say "hi"', '']], [1]],
    ['a quote inside an unquoted cell', 'O"Brien,5"\n', [['O"Brien', '5"']], [1]],
    ['text after a closing quote', '"ab"c,d\n', [['abc', 'd']], [1]],
    ['an empty last cell', 'a,\n', [['a', '']], [1]],
  ])('reads %s', (_name, text, cells, lines) => {
    const { records, problem } = read(text);
    expect(problem).toBeNull();
    expect(records.map((r) => r.cells)).toEqual(cells);
    expect(records.map((r) => r.line)).toEqual(lines);
  });

  it.each([
    ['an unterminated quote', 'a,b\n1,"open\n2,3\n', {}, { code: 'unterminated-quote', line: 2 }],
    ['a long quoted cell', `a\n\n"${'x'.repeat(20)}\n"\n`, { cell: 10 }, { code: 'cell-too-large', line: 3 }],
    ['a long unquoted cell', `a\nb\n${'x'.repeat(11)}\n`, { cell: 10 }, { code: 'cell-too-large', line: 3 }],
    ['a long row', `a\n"multi\nline",${'x,'.repeat(10)}\n`, { row: 20 }, { code: 'row-too-large', line: 2 }],
    [
      'a runaway quote past the cell limit',
      `a\n"${'x\n'.repeat(50)}`,
      { cell: 10 },
      { code: 'unterminated-quote', line: 2 },
    ],
  ])('stops at %s, naming the line it starts on', (_name, text, limits, expected) => {
    expect(read(text, [], limits).problem).toMatchObject(expected);
  });

  it('keeps the records before a problem, and none after it', () => {
    const { records, problem } = read(`a\nb\n${'x'.repeat(11)}\nc\n`, [], { cell: 10 });
    expect(problem).toMatchObject({ code: 'cell-too-large', line: 3, maximum: 10 });
    expect(records.map((r) => r.cells)).toEqual([['a'], ['b']]);
  });

  it('reads back what csvRow writes, with its lines, however the text is cut into chunks', () => {
    const unit = fc.constantFrom('a', 'é', 'Ж', ' ', ',', ';', '"', '\n', '\r', '\t', '😀');
    // Formula-like starts are written with an apostrophe (csvCell), which is not what this property is about.
    const cell = fc.string({ unit, maxLength: 12 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(rows, fc.array(fc.nat(), { maxLength: 6 }), (rows, offsets) => {
        const texts = rows.map(csvRow);
        const text = texts.join('');
        const { records, problem } = read(
          text,
          offsets.map((o) => o % (text.length + 1)),
        );
        expect(problem).toBeNull();
        expect(records.map((r) => r.cells)).toEqual(rows);
        const lines = texts.map(
          (_, i) =>
            1 +
            (texts
              .slice(0, i)
              .join('')
              .match(/\r\n|\r|\n/g)?.length ?? 0),
        );
        expect(records.map((r) => r.line)).toEqual(lines);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});
