import { z } from '@hono/zod-openapi';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
  passwordProblemDetail,
} from '../core/password-policy';
import { isCountry, isTimeZone, personEmail } from '../core/people';
import { TimeZoneSchema } from './organization';
import { RoleSchema, SessionSchema } from './session';
import { idString, plainString } from './text';

/** A person's name as typed: kept exactly (emoji, Cyrillic, up to 10,000 characters), never empty. */
export const PersonName = plainString()
  .refine((v) => v.trim().length > 0, { message: 'Enter a name', params: { code: 'required' } })
  .pipe(z.string().max(10_000));

/** An email address: compared as one person whatever its case or Unicode form. */
export const PersonEmail = z
  .string()
  .max(320)
  .refine((v) => personEmail(v) !== null, {
    message: 'Not an email address',
    params: { code: 'invalid_format' },
  })
  .openapi({ format: 'email' });

/**
 * A new password, wherever one is set (setup, an invitation, a change, a reset, the CLI): the policy of
 * core/password-policy (length, not a common one), reported as `password_too_short` / `password_too_common`.
 */
export const NewPasswordSchema = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (!problem) return;
    const { detail, params } = passwordProblemDetail(problem);
    ctx.addIssue({ code: 'custom', message: detail, params: { code: problem }, minimum: params.minimum });
  })
  .openapi({ minLength: MIN_PASSWORD_LENGTH });

export const SetupStatusSchema = z
  .object({
    /** True while the database has no organization: the first-run setup is open. */
    needed: z.boolean(),
    /** Whether this server has a setup token to check (Node prints one; Workers need the SETUP_TOKEN secret). */
    tokenConfigured: z.boolean(),
  })
  .openapi('SetupStatus');

/** A new organization as its creator describes it (the first-run setup, a sign-up). */
export const NewOrganizationSchema = z.object({
  name: plainString().pipe(z.string().trim().min(1).max(200)),
  /** ISO 3166-1 alpha-2, upper case. */
  defaultCountry: z.string().refine(isCountry, {
    message: 'Not an ISO 3166-1 country code',
    params: { code: 'invalid_country' },
  }),
  /** IANA time zone, e.g. Europe/Prague. */
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'Not an IANA time zone', params: { code: 'invalid_timezone' } }),
});

export const SetupBodySchema = z
  .object({
    token: z.string().min(1).max(512),
    organization: NewOrganizationSchema,
    owner: z.object({
      name: PersonName,
      email: PersonEmail,
      password: NewPasswordSchema,
      locale: z.enum(['en', 'de', 'cs', 'uk']).optional(),
    }),
  })
  .openapi('SetupBody');

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    locale: z.string(),
    invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Invitation');

export const InvitationListSchema = z.object({ items: z.array(InvitationSchema) }).openapi('InvitationList');

export const CreateInvitationSchema = z
  .object({
    email: PersonEmail,
    role: RoleSchema,
    /** The language of the email and the accept page; the inviter's when absent. */
    locale: z.enum(['en', 'de', 'cs', 'uk']).optional(),
  })
  .openapi('CreateInvitation');

/** The invitation token travels in the body (the link keeps it in the URL fragment), never in a URL path. */
export const InvitationTokenSchema = z
  .object({ token: z.string().min(1).max(512) })
  .openapi('InvitationToken');

export const InvitationPreviewSchema = z
  .object({
    organization: z.object({ name: z.string() }),
    email: z.string(),
    role: RoleSchema,
    locale: z.string(),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('InvitationPreview');

/**
 * Accepting asks the same of everyone, so neither the page nor the answers tell whether the address
 * already has an account: a name (kept for a new account; an existing account keeps its own) and a
 * password that meets the policy (a new account's, or the existing account's current one).
 */
export const AcceptInvitationSchema = z
  .object({
    token: z.string().min(1).max(512),
    name: PersonName,
    password: NewPasswordSchema,
  })
  .openapi('AcceptInvitation');

export const AcceptedSchema = SessionSchema.openapi('AcceptedInvitation');

export const MemberStatusSchema = z.enum(['active', 'deactivated']).openapi('MemberStatus');

export const MemberDetailSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: MemberStatusSchema,
    lastSignInAt: z.string().nullable().openapi({ format: 'date-time' }),
    /** Leads assigned to the member that are neither converted, lost nor deleted. */
    openLeads: z.number().int(),
    joinedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('MemberDetail');

export const MemberDetailListSchema = z
  .object({ items: z.array(MemberDetailSchema) })
  .openapi('MemberDetailList');

export const MemberIdParamSchema = z.object({ userId: idString() });
export const InvitationIdParamSchema = z.object({ id: idString() });

export const ChangeRoleSchema = z.object({ role: RoleSchema }).openapi('ChangeRole');

export const DeactivateMemberSchema = z
  .object({
    /**
     * The member's open leads: `reassign` them all to `to` (an active member, admin or owner), spread them
     * `round-robin` over the other active members of team `teamId`, or leave them `unassign`ed (admins are
     * notified).
     */
    leads: z.discriminatedUnion('action', [
      z.object({ action: z.literal('reassign'), to: idString() }),
      z.object({ action: z.literal('round-robin'), teamId: idString() }),
      z.object({ action: z.literal('unassign') }),
    ]),
  })
  .openapi('DeactivateMember');

export const DeactivatedSchema = z
  .object({
    member: MemberDetailSchema,
    /** How many open leads were reassigned or left unassigned. */
    leads: z.object({ action: z.enum(['reassign', 'round-robin', 'unassign']), count: z.number().int() }),
  })
  .openapi('DeactivatedMember');

export const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: NewPasswordSchema })
  .openapi('ChangePassword');

export const EndedSessionsSchema = z
  .object({ ended: z.number().int().openapi({ description: 'How many other sessions were ended' }) })
  .openapi('EndedSessions');

/** One of the signed-in person's sessions, as their list of devices shows it. */
export const AccountSessionSchema = z
  .object({
    /** The session's public handle, for ending it; never its token. */
    id: z.string(),
    /** The browser and operating system its User-Agent names (null where it names none known). */
    device: z.object({ browser: z.string().nullable(), os: z.string().nullable() }),
    ip: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    /** To within five minutes: a session is marked seen at most once per five minutes. */
    lastSeenAt: z.string().openapi({ format: 'date-time' }),
    /** True for the session this request came with. */
    current: z.boolean(),
  })
  .openapi('AccountSession');

export const AccountSessionListSchema = z
  .object({ items: z.array(AccountSessionSchema) })
  .openapi('AccountSessionList');

export const SessionIdParamSchema = z.object({ id: idString() });

/** Which new inbound leads a person is told of (see users.notifyNewLeads). */
export const NotifyNewLeadsSchema = z.enum(['assigned', 'claimable', 'off']).openapi('NotifyNewLeads');
export type NotifyNewLeads = z.infer<typeof NotifyNewLeadsSchema>;

/**
 * The signed-in person's own name, language, time zone (null: the organization's) and new-lead notices;
 * absent fields stay as they are.
 */
export const UpdateAccountSchema = z
  .object({
    name: PersonName,
    language: z.enum(['en', 'de', 'cs', 'uk']),
    timezone: TimeZoneSchema.nullable(),
    notifyNewLeads: NotifyNewLeadsSchema,
    /** Whether a task falling due also sends an email (the in-app notification always comes). */
    taskReminderEmail: z.boolean(),
  })
  .partial()
  .openapi('UpdateAccount');

export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    language: z.string(),
    /** The person's own time zone; null: the organization's. */
    timezone: z.string().nullable(),
    notifyNewLeads: NotifyNewLeadsSchema,
    taskReminderEmail: z.boolean(),
  })
  .openapi('Account');

export const PasswordResetRequestSchema = z
  .object({ email: z.string().trim().min(1).max(320) })
  .openapi('PasswordResetRequest');

/** The reset link's token travels in the body (the link keeps it in the URL fragment). */
export const PasswordResetConfirmSchema = z
  .object({ token: z.string().min(1).max(512), password: NewPasswordSchema })
  .openapi('PasswordResetConfirm');

export type SetupBody = z.infer<typeof SetupBodySchema>;
export type UpdateAccount = z.infer<typeof UpdateAccountSchema>;
export type AccountSession = z.infer<typeof AccountSessionSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type CreateInvitation = z.infer<typeof CreateInvitationSchema>;
export type MemberDetail = z.infer<typeof MemberDetailSchema>;
export type DeactivateMember = z.infer<typeof DeactivateMemberSchema>;
