import fc from 'fast-check';

/**
 * fast-check arbitraries of hostile input for the public endpoints' fuzz suite: wrong types, huge strings,
 * lone surrogates, NUL, deep nesting, prototype keys, duplicate keys, odd content types and charsets, bad
 * JSON, header values that try to inject headers. Each builds what a client could put on the wire.
 */

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFFy',
  '\uFEFF',
  '\u202E',
  '\u2028',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '\r\nX-Injected: 1',
  '\nSet-Cookie: lg_session=evil',
  'http://localhost/thanks\r\nX-Injected: 1',
  'http://localhost/%0d%0aX-Injected:%201',
  '//evil.example/',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE leads; --',
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, as text
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  '-0',
  '1e999',
  '=HYPERLINK("http://x")',
  '𝕏😀',
  'Ω≈ç√',
  'a@b',
  'jana@example.cz',
  '+420 601 123 456',
  'http://127.0.0.1:9/',
  'javascript:alert(1)',
];

/** A string that is likely to break something: a known nasty piece, random text, or both glued together. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...NASTY), { minLength: 2, maxLength: 5 }).map((a) => a.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('a', 'é', '\u0000', '\uD800', '😀', ','),
        fc.integer({ min: 1_000, max: 80_000 }),
      )
      .map(([s, n]) => s.repeat(n)),
  },
);

/** Object keys: prototype names, names the endpoints read, and anything else. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    'toString',
    'valueOf',
    'lastName',
    'firstName',
    'email',
    'phone',
    'company',
    'consent',
    'fields',
    'token',
    'password',
    'name',
    'locale',
    'timeOnPage',
    'pagesViewed',
    '_hp',
    'lastName[]',
    'last_name',
    'first_name',
    'retURL',
    'oid',
    'a.b',
    '$where',
  ),
  hostileString,
);

/** A JSON value as a tree: wrong types everywhere, prototype keys, nested a few levels. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(2 ** 53 + 1, -1, 0, 1e308, Number.MIN_VALUE),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map(entries),
  ),
})).value;

/** An object from entries, keeping `__proto__` as an own key (as JSON.parse would) rather than a prototype. */
function entries(pairs: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A lead-shaped object whose fields hold hostile values: gets past "is an object" into field validation. */
export const hostileLead: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      {
        lastName: fc.oneof(fc.constant('Nováková'), hostileValue),
        firstName: hostileValue,
        email: fc.oneof(fc.constant('jana@example.cz'), hostileValue),
        phone: hostileValue,
        company: hostileValue,
        consent: fc.oneof(fc.constantFrom(true, 'on', 'true', 1), hostileValue),
        timeOnPage: hostileValue,
        pagesViewed: hostileValue,
        fields: hostileValue,
      },
      { requiredKeys: ['lastName'] },
    ),
    fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 4 }),
  )
  .map(([lead, extra]) => ({ ...lead, ...entries(extra) }));

/** JSON text with keys repeated (the parser keeps the last one, a validator may have seen the first). */
const duplicateKeys = fc
  .tuple(hostileKey, hostileValue, hostileValue)
  .map(
    ([k, a, b]) =>
      `{${JSON.stringify(k)}:${JSON.stringify(a)},"lastName":"X",${JSON.stringify(k)}:${JSON.stringify(b)}}`,
  );

/** Nested arrays or objects hundreds to thousands of levels deep. */
const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([n, arrays]) =>
    arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
  );

const BAD_JSON = [
  '',
  '{',
  '{"lastName":}',
  "{'lastName':'x'}",
  'NaN',
  'undefined',
  '{"lastName":"x"}garbage',
  '{"lastName":"\\ud800"}',
  '{"lastName":"\\u0000"}',
  '{"lastName":"x","__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"polluted":1}},"lastName":"x"}',
  '[]',
  '"just a string"',
  '12345678901234567890123456789',
  '\uFEFF{"lastName":"x"}',
  'null',
];

/** A request body meant as JSON: a hostile value or lead serialized, duplicate keys, bad JSON, deep nesting. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileLead.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: duplicateKeys },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_JSON) },
  { weight: 1, arbitrary: deepNesting },
);

/** Content types a client might send: right, wrong, odd charsets, malformed parameters. */
export const oddContentType: fc.Arbitrary<string | null> = fc.constantFrom(
  null,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset="iso-8859-1"',
  'application/JSON',
  'application/problem+json',
  'application/merge-patch+json',
  'text/json',
  'text/plain',
  'text/plain; charset=utf-7',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=shift_jis',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/xml',
  ';;;',
  'json',
  '*/*',
);

/**
 * A header value as it could arrive: CR, LF and NUL cannot be sent (fetch refuses them, as HTTP parsers do),
 * and characters past U+00FF arrive as their UTF-8 bytes.
 */
export function wireHeader(value: string): string {
  const bytes = new TextEncoder().encode(value.replace(/[\r\n\0]/g, ' '));
  return String.fromCharCode(...bytes.subarray(0, 8192));
}

/** A path segment percent-encoded from its UTF-8 bytes (a lone surrogate arrives as U+FFFD), or raw junk. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => encodeBytes(s.slice(0, 2_000))),
  fc.constantFrom('%', '%zz', '%00', '..', '.', '%2e%2e', '%2F', 'frm_', '-', '~'),
);

function encodeBytes(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s))
    out += /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0')}`;
  return out;
}

/** A query string of hostile names and values, names repeated. */
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('q', 'limit', 'cursor', 'sort', 'status', 'order', 'fields'), hostileKey),
      hostileString,
    ),
    { maxLength: 5 },
  )
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeBytes(k.slice(0, 200))}=${encodeBytes(v.slice(0, 2_000))}`).join('&'),
  );

/** An urlencoded form body: hostile names (repeated, `[]`-suffixed) and values, or malformed encoding. */
export const urlencodedBody: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(hostileKey, hostileString), { maxLength: 8 })
    .map((pairs) =>
      ['last_name=Nov%C3%A1k', ...pairs.map(([k, v]) => `${encodeBytes(k)}=${encodeBytes(v)}`)].join('&'),
    ),
  fc.constantFrom(
    '%',
    'a=%zz',
    '&&==&',
    'last_name=%E0%A4%A',
    '=x',
    'last_name',
    'a=1&a=2&a[]=3&a[b]=4',
    '\u0000=\u0000',
  ),
);

/** A multipart/form-data body and the boundary its content type should name (or a wrong one). */
export const multipartBody: fc.Arbitrary<{ body: string; boundary: string }> = fc
  .tuple(
    fc.array(fc.tuple(hostileKey, hostileString, fc.option(hostileString, { nil: undefined })), {
      maxLength: 5,
    }),
    fc.constantFrom('boundary42', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW'),
    fc.constantFrom('right', 'wrong', 'unterminated', 'no-headers'),
  )
  .map(([parts, boundary, shape]) => {
    const part = ([name, value, filename]: [string, string, string | undefined]) =>
      shape === 'no-headers'
        ? `--${boundary}\r\n\r\n${value}\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n\r\n${value}\r\n`;
    const body = [['last_name', 'Novák', undefined] as [string, string, undefined], ...parts]
      .map(part)
      .join('');
    const end = shape === 'unterminated' ? '' : `--${boundary}--\r\n`;
    return { body: body + end, boundary: shape === 'wrong' ? 'other' : boundary };
  });

/** The content type of a JSON endpoint's request: mostly right (to reach validation), else odd. */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: oddContentType },
);

const CSV_PIECES = [
  'Novák',
  'a@b.cz',
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
];

/** A CSV import upload: a file of hostile text (sometimes after a real header) and hostile options. */
export const csvUpload: fc.Arbitrary<{ body: string; boundary: string }> = fc
  .tuple(
    fc.option(fc.constant('Last Name,Email\r\n'), { nil: '' }),
    fc.array(fc.constantFrom(...CSV_PIECES), { maxLength: 80 }),
    fc.array(fc.tuple(fc.constantFrom('encoding', 'policy', 'mapping', 'file', 'other'), hostileString), {
      maxLength: 3,
    }),
  )
  .map(([header, pieces, options]) => {
    const boundary = 'csv-boundary-7MA4YWxk';
    const part = (name: string, value: string, filename?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: text/csv\r\n' : ''}\r\n${value}\r\n`;
    const body =
      part('file', header + pieces.join(''), 'leads.csv') + options.map(([k, v]) => part(k, v)).join('');
    return { body: `${body}--${boundary}--\r\n`, boundary };
  });
