/**
 * A streaming CSV reader (RFC 4180, lenient where spreadsheets are): text goes in by chunks, records come
 * out one by one with the file line they start on. It holds at most one record, and no cell or record over
 * its limit, so a runaway quoted cell (a missing closing quote) costs a bounded amount of memory however
 * large the file is. Pure: no IO.
 */

/** The longest cell, in UTF-16 code units (64 Ki characters: far above any real lead's field). */
export const MAX_CSV_CELL_CHARS = 64 * 1024;
/** The longest record, in UTF-16 code units, its delimiters included (1 Mi characters). */
export const MAX_CSV_ROW_CHARS = 1024 * 1024;

/** Why reading stopped; `line` is the file line the offending cell or record starts on (1 is the first). */
export type CsvReadProblem = {
  code: 'cell-too-large' | 'row-too-large' | 'unterminated-quote';
  line: number;
  maximum: number;
};

export type CsvReaderOptions = {
  /** One character: `,`, `;` or a tab. */
  delimiter: string;
  onRecord: (cells: string[], line: number) => void;
  maxCellChars?: number;
  maxRowChars?: number;
};

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Records end at an unquoted CRLF, LF or CR. A cell that starts with a quote runs to the matching quote
 * (a doubled quote inside it is one quote); text after its closing quote is kept, and a quote inside an
 * unquoted cell is literal, as spreadsheets read them. A cell over the limit stops the read, except a
 * quoted one, whose end is still looked for (without keeping its text) to tell a missing closing quote
 * (`unterminated-quote`) from a long cell (`cell-too-large`).
 */
export class CsvReader {
  private readonly delimiter: number;
  private readonly onRecord: CsvReaderOptions['onRecord'];
  private readonly maxCell: number;
  private readonly maxRow: number;
  private cells: string[] = [];
  private cell = '';
  /** The current cell had a quoted part (so a quote after it does not open another). */
  private cellQuoted = false;
  private rowChars = 0;
  private quoted = false;
  /** Inside a quoted cell, the last character was a quote: its end, or the first of a doubled pair. */
  private afterQuote = false;
  /** The quoted cell outgrew the limit: its text is no longer kept. */
  private overflow = false;
  private lastCR = false;
  private line = 1;
  private recordLine = 1;
  /** The line the current cell starts on. */
  private cellLine = 1;
  private started = false;
  private problem: CsvReadProblem | null = null;

  constructor(options: CsvReaderOptions) {
    this.delimiter = options.delimiter.charCodeAt(0);
    this.onRecord = options.onRecord;
    this.maxCell = options.maxCellChars ?? MAX_CSV_CELL_CHARS;
    this.maxRow = options.maxRowChars ?? MAX_CSV_ROW_CHARS;
  }

  /** Reads one more piece of the text; a problem ends the read (later calls return it again). */
  push(chunk: string): CsvReadProblem | null {
    if (this.problem) return this.problem;
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    let from = i;
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      const crlf = c === LF && this.lastCR;
      if (c === CR || (c === LF && !crlf)) this.line++;
      this.lastCR = c === CR;
      if (this.quoted) {
        if (!this.afterQuote) {
          if (c === QUOTE) {
            if (!this.append(chunk, from, i)) return this.problem;
            this.afterQuote = true;
            from = i + 1;
          }
          continue;
        }
        this.afterQuote = false;
        // A doubled quote: the second one is text, and starts the next run.
        if (c === QUOTE) {
          from = i;
          continue;
        }
        this.quoted = false;
        if (this.overflow) return this.fail('cell-too-large', this.cellLine, this.maxCell);
      }
      if (c === this.delimiter) {
        if (!this.append(chunk, from, i) || !this.endCell()) return this.problem;
        from = i + 1;
      } else if (c === LF || c === CR) {
        if (!crlf) {
          if (!this.append(chunk, from, i) || !this.endCell()) return this.problem;
          this.endRecord();
        }
        from = i + 1;
      } else if (c === QUOTE && from === i && this.cell === '' && !this.cellQuoted) {
        this.quoted = true;
        this.cellQuoted = true;
        from = i + 1;
      }
    }
    return this.append(chunk, from, chunk.length) ? null : this.problem;
  }

  /** Ends the text: the last record (without a final newline) is given, an open quote is a problem. */
  end(): CsvReadProblem | null {
    if (this.problem) return this.problem;
    if (this.quoted && !this.afterQuote) return this.fail('unterminated-quote', this.cellLine, this.maxCell);
    if (this.cells.length > 0 || this.cell !== '' || this.cellQuoted) {
      if (!this.endCell()) return this.problem;
      this.endRecord();
    }
    return null;
  }

  /** Adds `chunk[from, to)` to the current cell; false when that makes an unquoted cell too long. */
  private append(chunk: string, from: number, to: number): boolean {
    if (to <= from || this.overflow) return true;
    this.cell += chunk.slice(from, to);
    if (this.cell.length <= this.maxCell) return true;
    if (this.quoted) {
      this.overflow = true;
      this.cell = '';
      return true;
    }
    this.fail('cell-too-large', this.cellLine, this.maxCell);
    return false;
  }

  /** Ends the current cell; false when that makes the record too long. */
  private endCell(): boolean {
    // Each cell counts its delimiter, the last one a delimiter it does not have: hence the + 1.
    this.rowChars += this.cell.length + 1;
    if (this.rowChars > this.maxRow + 1) {
      this.fail('row-too-large', this.recordLine, this.maxRow);
      return false;
    }
    this.cells.push(this.cell);
    this.cell = '';
    this.cellQuoted = false;
    this.cellLine = this.line;
    return true;
  }

  private endRecord(): void {
    const cells = this.cells;
    this.cells = [];
    this.rowChars = 0;
    this.onRecord(cells, this.recordLine);
    this.recordLine = this.line;
    this.cellLine = this.line;
  }

  private fail(code: CsvReadProblem['code'], line: number, maximum: number): CsvReadProblem {
    this.problem = { code, line, maximum };
    return this.problem;
  }
}
