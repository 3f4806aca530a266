import { z } from '@hono/zod-openapi';

/** Postgres text cannot hold U+0000: refused at the boundary with the field named, never a 500 below. */
export function withoutNul(value: string): boolean {
  return !value.includes('\u0000');
}

/** A string parameter or field that Postgres can store. */
export function plainString() {
  return z.string().refine(withoutNul, { message: 'Text may not contain U+0000' });
}

/** The ids this API hands out (`lead_…`, `usr_…`, `note_…`): anything else is a malformed parameter. */
export function idString() {
  return z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Not an id of this API' });
}
