import { z } from '@hono/zod-openapi';
import { OpportunityStageSchema } from './crm';
import { LeadStatusSchema } from './leads';
import { plainString } from './text';

const ref = z.object({ id: z.string(), name: z.string() });
const query = (name: string, description: string) => ({ param: { name, in: 'query' as const }, description });

/** The most results a group holds. */
export const SEARCH_GROUP_MAX = 20;

/** GET /api/search: one box over leads, accounts, contacts and opportunities. */
export const GlobalSearchQuerySchema = z.object({
  q: plainString()
    .trim()
    .min(1)
    .max(200)
    .openapi(query('q', 'Name or company (word starts and parts), or an exact email or phone.')),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(SEARCH_GROUP_MAX)
    .default(5)
    .openapi(query('limit', 'Results per group (5 unless asked, at most 20).')),
});
export type GlobalSearchQuery = z.infer<typeof GlobalSearchQuerySchema>;

/** How `q` was read: an exact email or phone (blind index), or words of names and companies. */
export const SearchMatchSchema = z.enum(['email', 'phone', 'text']).openapi('SearchMatch');

/** A group's results, best first, and whether more match than it holds. */
function group<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), more: z.boolean() });
}

export const GlobalSearchSchema = z
  .object({
    match: SearchMatchSchema,
    leads: group(
      z.object({
        id: z.string(),
        name: z.string(),
        company: z.string().nullable(),
        status: LeadStatusSchema,
        score: z.number().int(),
        owner: ref.nullable(),
      }),
    ),
    accounts: group(z.object({ id: z.string(), name: z.string(), industry: z.string().nullable() })),
    contacts: group(
      z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), account: ref.nullable() }),
    ),
    opportunities: group(
      z.object({
        id: z.string(),
        name: z.string(),
        stage: OpportunityStageSchema,
        amount: z.string(),
        currency: z.string(),
        account: ref.nullable(),
      }),
    ),
  })
  .openapi('GlobalSearch');
export type GlobalSearch = z.infer<typeof GlobalSearchSchema>;
