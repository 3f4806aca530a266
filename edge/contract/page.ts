import { z } from '@hono/zod-openapi';

/** `limit` and `cursor`, the keyset-pagination query parameters every list endpoint shares. */
export function pageParams(cursorMaxLength: number) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(50)
      .openapi({ param: { name: 'limit', in: 'query' } }),
    cursor: z
      .string()
      .max(cursorMaxLength)
      .optional()
      .openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque cursor from `nextCursor`.' }),
  };
}
