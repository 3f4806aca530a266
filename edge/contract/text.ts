import { z } from '@hono/zod-openapi';
import { isStorableText } from '../core/text';

/** How a field holding text that Postgres cannot store is refused (code and developer message). */
export const INVALID_TEXT = {
  code: 'invalid-text',
  message: 'Text may not contain U+0000 or an unpaired UTF-16 surrogate',
} as const;

/** A string parameter or field that Postgres can store. */
export function plainString() {
  return z
    .string()
    .refine(isStorableText, { message: INVALID_TEXT.message, params: { code: INVALID_TEXT.code } });
}

/** The ids this API hands out (`lead_…`, `usr_…`, `note_…`): anything else is a malformed parameter. */
export function idString() {
  return z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Not an id of this API' });
}

/**
 * The paths of every string in a parsed input, value or object key, that is not storable text. Every
 * validated input passes through it (the routers' validation hook), so no field of any endpoint can carry
 * such text to the database, whatever its schema says.
 */
export function invalidTextPaths(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => invalidTextPaths(v, [...path, i]));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    isStorableText(key) ? invalidTextPaths(v, [...path, key]) : [[...path, key]],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
