import { z } from '@hono/zod-openapi';
import { RoleSchema } from './session';

/** One member of the organization, as pickers (assignee, account executive) show them. */
export const MemberSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    /** The routing teams the member is in, by name. */
    teams: z.array(z.string()),
    /** Viewers cannot be assigned leads or opportunities. */
    assignable: z.boolean(),
  })
  .openapi('Member');

export const MemberListSchema = z.object({ items: z.array(MemberSchema) }).openapi('MemberList');

export type Member = z.infer<typeof MemberSchema>;
