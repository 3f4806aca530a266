/**
 * Reading an uploaded CSV file: bytes → text (encoding detected, never guessed silently) → header and
 * rows (a streaming reader, delimiter detected). Pure: no IO, so the dashboard could run the same checks.
 * Expected problems are returned as values (a discriminated union), not thrown.
 */
import { CsvReader, type CsvReadProblem } from './csv-reader';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A problem with the whole file; `code` is stable for the dashboard, `pointer` names the offending part. */
export type CsvProblem = {
  ok: false;
  code:
    | 'empty-file'
    | 'header-only'
    | 'binary-file'
    | 'too-large'
    | 'too-many-rows'
    | 'duplicate-headers'
    | 'empty-header'
    | 'invalid-encoding'
    | CsvReadProblem['code'];
  detail: string;
  errors: Array<{
    pointer: string;
    detail: string;
    code: CsvProblem['code'];
    params?: { line: number; maximum: number };
  }>;
};

export type Decoded = { ok: true; text: string; encoding: CsvEncoding; notice: string | null };

/** A row whose cell count differs from the header's: kept (missing cells empty, extra ones dropped), reported. */
export type RaggedRow = { line: number; cells: number; expected: number };

export type ParsedCsv = {
  ok: true;
  encoding: CsvEncoding;
  delimiter: string;
  notice: string | null;
  headers: string[];
  /** Each row with the file line it starts on (1 is the header), cells aligned to the headers. */
  rows: Array<{ line: number; cells: string[] }>;
  ragged: RaggedRow[];
};

const problem = (code: CsvProblem['code'], detail: string, pointer = '/file'): CsvProblem => ({
  ok: false,
  code,
  detail,
  errors: [{ pointer, detail, code }],
});

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** True for bytes that are not text: NUL bytes (outside UTF-16) or many C0 control characters. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return controls > sample.length / 100;
}

type Detected = { ok: true; encoding: CsvEncoding; guessed: boolean };

const FALLBACK_NOTICE =
  'The file is not valid UTF-8; it was read as Windows-1252. Check that accented letters look right.';

/**
 * The encoding to read the file in: the one the caller chose, else a BOM's (UTF-8 / UTF-16 LE / UTF-16
 * BE), else strict UTF-8 — `guessed`, because when a byte is not UTF-8 the file is read as Windows-1252
 * (what Excel writes in Western Europe) with a notice the user should see.
 */
function detectEncoding(bytes: Uint8Array, chosen?: CsvEncoding): Detected | CsvProblem {
  if (bytes.length === 0) return problem('empty-file', 'The file is empty.');
  if (bytes.length > MAX_IMPORT_BYTES)
    return problem('too-large', `A file may have at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  const bom: Array<[number[], CsvEncoding]> = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ];
  const encoding = chosen ?? bom.find(([prefix]) => startsWith(bytes, prefix))?.[1];
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return { ok: true, encoding, guessed: false };
  if (looksBinary(bytes))
    return problem('binary-file', 'The file is not text (it looks like a binary file).');
  return { ok: true, encoding: encoding ?? 'utf-8', guessed: !encoding };
}

const invalidEncoding = (encoding: CsvEncoding) =>
  problem('invalid-encoding', `The file is not valid ${encoding}.`, '/encoding');

/** Decodes the whole file as `parseCsv` reads it (encoding detected, or chosen; a BOM stripped). */
export function decodeCsv(bytes: Uint8Array, chosen?: CsvEncoding): Decoded | CsvProblem {
  const detected = detectEncoding(bytes, chosen);
  if (!detected.ok) return detected;
  const text = decodeAll(bytes, detected.encoding);
  if (text !== null) return { ok: true, text, encoding: detected.encoding, notice: null };
  if (!detected.guessed) return invalidEncoding(detected.encoding);
  return {
    ok: true,
    text: decodeAll(bytes, 'windows-1252')!,
    encoding: 'windows-1252',
    notice: FALLBACK_NOTICE,
  };
}

function decodeAll(bytes: Uint8Array, encoding: CsvEncoding): string | null {
  try {
    // ignoreBOM: false (the default) strips a matching BOM; fatal: a single invalid byte fails.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** How many bytes are decoded at a time: the text of the whole file never exists at once. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Decodes and parses a CSV file, enforcing the limits (the file's size and rows, and the reader's per cell
 * and per record); the caller turns a problem into problem+json. The bytes are decoded chunk by chunk into
 * a streaming reader, so the memory it takes beyond the file is about the rows it returns.
 */
export function parseCsv(bytes: Uint8Array, chosen?: CsvEncoding): ParsedCsv | CsvProblem {
  const detected = detectEncoding(bytes, chosen);
  if (!detected.ok) return detected;
  const read = readAs(bytes, detected.encoding, null);
  if (read !== null) return read;
  if (!detected.guessed) return invalidEncoding(detected.encoding);
  return readAs(bytes, 'windows-1252', FALLBACK_NOTICE) ?? invalidEncoding('windows-1252');
}

/** Reads the file in one encoding; null when its bytes are not valid in it. */
function readAs(
  bytes: Uint8Array,
  encoding: CsvEncoding,
  notice: string | null,
): ParsedCsv | CsvProblem | null {
  // The header line decides the delimiter; a header line over the prefix is refused by the reader anyway.
  const head = new TextDecoder(encoding).decode(bytes.subarray(0, CHUNK_BYTES * 16));
  const delimiter = detectDelimiter(head);
  const rows = new RowCollector();
  const reader = new CsvReader({ delimiter, onRecord: (cells, line) => rows.add(cells, line) });
  const decoder = new TextDecoder(encoding, { fatal: true });
  let stopped: CsvReadProblem | null = null;
  try {
    for (let at = 0; at < bytes.length && !stopped; at += CHUNK_BYTES)
      stopped = reader.push(decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true }));
    if (!stopped) stopped = reader.push(decoder.decode()) ?? reader.end();
  } catch {
    return null;
  }
  if (stopped) return readProblem(stopped);
  if (!rows.headers) return problem('empty-file', 'The file has no content.');
  const headers = rows.headers;
  const bad = checkHeaders(headers);
  if (bad) return bad;
  if (rows.count === 0) return problem('header-only', 'The file has a header but no rows.');
  if (rows.count > MAX_IMPORT_ROWS)
    return problem('too-many-rows', `A file may have at most ${MAX_IMPORT_ROWS} rows; it has ${rows.count}.`);
  return { ok: true, encoding, delimiter, notice, headers, rows: rows.rows, ragged: rows.ragged };
}

/**
 * The records as rows: blank ones dropped, the first one the header, each later one aligned to it (missing
 * cells empty, extra ones dropped, the row reported as ragged). Past the row limit rows are only counted.
 */
class RowCollector {
  headers: string[] | null = null;
  rows: Array<{ line: number; cells: string[] }> = [];
  ragged: RaggedRow[] = [];
  count = 0;

  add(cells: string[], line: number): void {
    if (cells.every((c) => c.trim() === '')) return;
    if (!this.headers) {
      this.headers = cells.map((h) => h.trim());
      return;
    }
    if (++this.count > MAX_IMPORT_ROWS) return;
    const width = this.headers.length;
    if (cells.length !== width) this.ragged.push({ line, cells: cells.length, expected: width });
    const aligned = cells.slice(0, width);
    while (aligned.length < width) aligned.push('');
    this.rows.push({ line, cells: aligned });
  }
}

/** The reader's problem, with the line it is on (`/lines/<n>`) and the limit it broke. */
function readProblem(p: CsvReadProblem): CsvProblem {
  const detail = {
    'unterminated-quote': `The quoted cell that starts on line ${p.line} has no closing quote.`,
    'cell-too-large': `The cell on line ${p.line} is longer than ${p.maximum} characters (is a closing quote missing?).`,
    'row-too-large': `The row on line ${p.line} is longer than ${p.maximum} characters.`,
  }[p.code];
  return {
    ok: false,
    code: p.code,
    detail,
    errors: [
      { pointer: `/lines/${p.line}`, detail, code: p.code, params: { line: p.line, maximum: p.maximum } },
    ],
  };
}

function checkHeaders(headers: string[]): CsvProblem | null {
  const empty = headers.indexOf('');
  if (headers.length === 0) return problem('empty-file', 'The file has no content.');
  if (empty >= 0) return problem('empty-header', `Column ${empty + 1} has no name.`, `/headers/${empty}`);
  const seen = new Map<string, number>();
  const errors: CsvProblem['errors'] = [];
  headers.forEach((h, i) => {
    const key = h.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      errors.push({
        pointer: `/headers/${i}`,
        detail: `Column ${i + 1} "${h}" has the same name as column ${first + 1}.`,
        code: 'duplicate-headers',
      });
  });
  if (errors.length === 0) return null;
  return { ok: false, code: 'duplicate-headers', detail: 'Column names must be unique.', errors };
}

/**
 * `,`, `;` or tab: the one the header line uses most (outside quotes). The header decides: comparing field
 * counts over the first rows (papaparse's guess) picks `,` for a two-row tab-separated file.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}
