import { z } from '@hono/zod-openapi';
import { MemberStatusSchema } from './people';
import { RoleSchema } from './session';
import { idString, plainString } from './text';

/** The longest team name, after trimming. */
export const MAX_TEAM_NAME = 100;

/** A team's name as typed: trimmed, never empty, at most 100 characters. */
const TeamName = plainString()
  .refine((v) => v.trim().length > 0, { message: 'Enter a name', params: { code: 'required' } })
  .pipe(z.string().trim().max(MAX_TEAM_NAME));

export const TeamMemberSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: MemberStatusSchema,
    /** Senior members form the pool of routing rules that ask for seniors only. */
    senior: z.boolean(),
  })
  .openapi('TeamMember');

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(TeamMemberSchema),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Team');

export const TeamListSchema = z.object({ items: z.array(TeamSchema) }).openapi('TeamList');

/** A new team's name, or a team's new name. */
export const TeamNameSchema = z.object({ name: TeamName }).openapi('TeamName');

/** A member's place in a team: added when absent, otherwise their senior flag set. */
export const TeamMembershipSchema = z
  .object({ senior: z.boolean().default(false) })
  .openapi('TeamMembership');

export const TeamIdParamSchema = z.object({ id: idString() });
export const TeamMemberParamSchema = z.object({ id: idString(), userId: idString() });

/** The enabled routing rules that keep a team from being deleted (409 `team-in-use`). */
export const TeamInUseSchema = z.object({ rules: z.array(z.object({ id: z.string(), name: z.string() })) });

export type Team = z.infer<typeof TeamSchema>;
export type TeamMember = z.infer<typeof TeamMemberSchema>;
export type TeamName = z.infer<typeof TeamNameSchema>;
export type TeamMembership = z.infer<typeof TeamMembershipSchema>;
