/**
 * RFC 6901 JSON Pointer for a path of keys and indexes (a zod issue's path): `~` and `/` inside a key
 * are escaped as `~0` and `~1`, so `{ "a/b": 1 }` is `/a~1b`. The empty path points at the whole
 * document, written `/` so that a pointer is never an empty string.
 */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') || '/';
}
