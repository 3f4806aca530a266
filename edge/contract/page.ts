import { z } from '@hono/zod-openapi';

/** `limit`: how many items a page holds (50 unless asked, at most 100). */
export const limitParam = () =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } });

/** `limit` and `cursor`, the keyset-pagination query parameters every list endpoint shares. */
export function pageParams(cursorMaxLength: number) {
  return {
    limit: limitParam(),
    cursor: z
      .string()
      .max(cursorMaxLength)
      .optional()
      .openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque cursor from `nextCursor`.' }),
  };
}
