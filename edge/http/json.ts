import type { z } from '@hono/zod-openapi';

/** An OpenAPI `content` entry for a JSON body described by `schema` (a request's or a response's). */
export const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
