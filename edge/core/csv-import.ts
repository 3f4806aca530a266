/**
 * Reading an uploaded CSV file: bytes → text (encoding detected, never guessed silently) → header and
 * rows (papaparse, delimiter detected). Pure: no IO, so the dashboard could run the same checks.
 * Expected problems are returned as values (a discriminated union), not thrown.
 */
import Papa from 'papaparse';

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
    | 'invalid-encoding';
  detail: string;
  errors: Array<{ pointer: string; detail: string; code: CsvProblem['code'] }>;
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

/**
 * Decodes the file: a BOM decides UTF-8 / UTF-16 LE / UTF-16 BE; otherwise strict UTF-8 first (`fatal`,
 * so a single invalid byte fails), then Windows-1252 (what Excel writes in Western Europe) with a notice,
 * because the fallback is a guess the user should see — or the encoding the caller chose.
 */
export function decodeCsv(bytes: Uint8Array, chosen?: CsvEncoding): Decoded | CsvProblem {
  if (bytes.length === 0) return problem('empty-file', 'The file is empty.');
  if (bytes.length > MAX_IMPORT_BYTES)
    return problem('too-large', `A file may have at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  const bom: Array<[number[], CsvEncoding]> = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ];
  const found = bom.find(([prefix]) => startsWith(bytes, prefix));
  const encoding = chosen ?? found?.[1];
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return decodeWith(bytes, encoding, null);
  if (looksBinary(bytes))
    return problem('binary-file', 'The file is not text (it looks like a binary file).');
  if (encoding) return decodeWith(bytes, encoding, null);
  const utf8 = decodeWith(bytes, 'utf-8', null);
  if (utf8.ok) return utf8;
  return decodeWith(
    bytes,
    'windows-1252',
    'The file is not valid UTF-8; it was read as Windows-1252. Check that accented letters look right.',
  );
}

function decodeWith(bytes: Uint8Array, encoding: CsvEncoding, notice: string | null): Decoded | CsvProblem {
  try {
    // ignoreBOM: false (the default) strips a matching BOM.
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return { ok: true, text, encoding, notice };
  } catch {
    return problem('invalid-encoding', `The file is not valid ${encoding}.`, '/encoding');
  }
}

/** Decodes and parses a CSV file, enforcing the limits; the caller turns a problem into problem+json. */
export function parseCsv(bytes: Uint8Array, chosen?: CsvEncoding): ParsedCsv | CsvProblem {
  const decoded = decodeCsv(bytes, chosen);
  if (!decoded.ok) return decoded;
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return problem('empty-file', 'The file has no content.');
  const delimiter = detectDelimiter(text);
  const result = Papa.parse<string[]>(text, { delimiter });
  const lines = lineNumbersOfRows(text, result.data.length);
  const records = result.data
    .map((cells, i) => ({ line: lines[i] ?? i + 1, cells }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...data] = records;
  const headers = (header?.cells ?? []).map((h) => h.trim());
  const bad = checkHeaders(headers);
  if (bad) return bad;
  if (data.length === 0) return problem('header-only', 'The file has a header but no rows.');
  if (data.length > MAX_IMPORT_ROWS)
    return problem(
      'too-many-rows',
      `A file may have at most ${MAX_IMPORT_ROWS} rows; it has ${data.length}.`,
    );
  return {
    ok: true,
    encoding: decoded.encoding,
    delimiter,
    notice: decoded.notice,
    headers,
    ...alignRows(headers.length, data),
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

/** Cells padded or cut to the header's width; a row of another width is kept and reported. */
function alignRows(width: number, data: Array<{ line: number; cells: string[] }>) {
  const ragged: RaggedRow[] = [];
  const rows = data.map(({ line, cells }) => {
    if (cells.length !== width) ragged.push({ line, cells: cells.length, expected: width });
    const aligned = cells.slice(0, width);
    while (aligned.length < width) aligned.push('');
    return { line, cells: aligned };
  });
  return { rows, ragged };
}

/**
 * The file line each record starts on (papaparse gives none): one pass over the text that honours quotes,
 * since a quoted cell may span lines. Every unquoted newline starts a record, as for papaparse with
 * skipEmptyLines off; blank records are dropped afterwards.
 */
function lineNumbersOfRows(text: string, records: number): number[] {
  const starts: number[] = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length && starts.length < records; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n') {
      line++;
      if (!quoted) starts.push(line);
    }
  }
  return starts;
}

/**
 * `,`, `;` or tab: the one the header line uses most (outside quotes). Papaparse's own guess compares field
 * counts over the first rows and picks `,` for a two-row tab-separated file, so the header decides here.
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
