import { createRoute, type z } from '@hono/zod-openapi';
import {
  AcceptedSchema,
  AcceptInvitationSchema,
  AccountSchema,
  AccountSessionListSchema,
  ChangePasswordSchema,
  ChangeRoleSchema,
  CreateInvitationSchema,
  DeactivatedSchema,
  DeactivateMemberSchema,
  EndedSessionsSchema,
  InvitationIdParamSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  InvitationTokenSchema,
  MemberDetailListSchema,
  MemberDetailSchema,
  MemberIdParamSchema,
  SessionIdParamSchema,
  UpdateAccountSchema,
} from '../contract/people';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { authenticate, readSessionToken, secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { revokeLiveLater } from '../live/revoke';
import { acceptInvitation, previewInvitation } from '../services/people/accept-invitation';
import { getAccount, updateAccount } from '../services/people/account';
import {
  createInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from '../services/people/invitations';
import { changeMemberRole, listMemberDetails, reactivateMember } from '../services/people/manage-members';
import { endMySession, listMySessions } from '../services/people/my-sessions';
import { deactivateMember, removeMember } from '../services/people/offboarding';
import { changePassword, endOtherSessions } from '../services/people/sessions';
import { setSessionCookie } from './session';

const body = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: json(schema) } });
const ADMIN = problemResponses(401, 403, 429);

/** Invitations: admins and owners invite, resend and revoke; the invited person previews and accepts. */
export function invitationRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/invitations',
        tags: ['people'],
        summary: 'Open invitations',
        middleware: secured(deps, 'admin'),
        responses: { 200: { description: 'Invitations', content: json(InvitationListSchema) }, ...ADMIN },
      }),
      async (c) => c.json(await listInvitations(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/invitations',
        tags: ['people'],
        summary: 'Invite an address with a role (emailed through the outbox)',
        middleware: secured(deps, 'admin'),
        request: body(CreateInvitationSchema),
        responses: {
          201: { description: 'Invited', content: json(InvitationSchema) },
          ...ADMIN,
          ...problemResponses(409, 422),
        },
      }),
      async (c) => c.json(await createInvitation(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/invitations/{id}/resend',
        tags: ['people'],
        summary: 'Send an invitation again with a new link (the old one stops working)',
        middleware: secured(deps, 'admin'),
        request: { params: InvitationIdParamSchema },
        responses: {
          200: { description: 'Sent', content: json(InvitationSchema) },
          ...ADMIN,
          ...problemResponses(404),
        },
      }),
      async (c) =>
        c.json(await resendInvitation(deps, c.get('db'), c.get('auth'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/invitations/{id}',
        tags: ['people'],
        summary: 'Revoke an open invitation',
        middleware: secured(deps, 'admin'),
        request: { params: InvitationIdParamSchema },
        responses: { 204: { description: 'Revoked' }, ...ADMIN, ...problemResponses(404) },
      }),
      async (c) => {
        await revokeInvitation(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/invitations/preview',
        tags: ['people'],
        summary: 'What an invitation link opens (public; the token in the body)',
        request: body(InvitationTokenSchema),
        responses: {
          200: { description: 'The invitation', content: json(InvitationPreviewSchema) },
          ...problemResponses(404, 410, 422),
        },
      }),
      async (c) => c.json(await previewInvitation(deps, c.get('db'), c.req.valid('json').token), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/invitations/accept',
        tags: ['people'],
        summary: 'Accept an invitation (public): join, and sign in',
        request: body(AcceptInvitationSchema),
        responses: {
          200: { description: 'Joined; the session cookie is set', content: json(AcceptedSchema) },
          ...problemResponses(401, 404, 409, 410, 422, 429),
        },
      }),
      async (c) => {
        const result = await acceptInvitation(deps, c.get('db'), {
          ...c.req.valid('json'),
          userAgent: c.req.header('user-agent') ?? null,
          ip: deps.clientIp(c),
        });
        setSessionCookie(c, result);
        return c.json(result.session, 200);
      },
    );
}

/** The members page: admins and owners list members, change roles, deactivate, reactivate and remove. */
export function memberRoutes(deps: Deps) {
  const member = { params: MemberIdParamSchema };
  const changed = { 200: { description: 'The member', content: json(MemberDetailSchema) } };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/members',
        tags: ['people'],
        summary: 'Members with role, status, last sign-in and open leads',
        middleware: secured(deps, 'admin'),
        responses: { 200: { description: 'Members', content: json(MemberDetailListSchema) }, ...ADMIN },
      }),
      async (c) => c.json(await listMemberDetails(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/members/{userId}',
        tags: ['people'],
        summary: "Change a member's role",
        middleware: secured(deps, 'admin'),
        request: { ...member, ...body(ChangeRoleSchema) },
        responses: { ...changed, ...ADMIN, ...problemResponses(404, 409, 422) },
      }),
      async (c) => {
        const { userId } = c.req.valid('param');
        const { role } = c.req.valid('json');
        const changed = await changeMemberRole(deps, c.get('db'), c.get('auth'), userId, role);
        revokeLiveLater(c, deps, userId);
        return c.json(changed, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/members/{userId}/deactivate',
        tags: ['people'],
        summary: 'Deactivate a member: sessions and API keys stop; open leads reassigned or unassigned',
        middleware: secured(deps, 'admin'),
        request: { ...member, ...body(DeactivateMemberSchema) },
        responses: {
          200: { description: 'Deactivated', content: json(DeactivatedSchema) },
          ...ADMIN,
          ...problemResponses(404, 409, 422),
        },
      }),
      async (c) => {
        const { userId } = c.req.valid('param');
        const deactivated = await deactivateMember(
          deps,
          c.get('db'),
          c.get('auth'),
          userId,
          c.req.valid('json'),
        );
        revokeLiveLater(c, deps, userId);
        return c.json(deactivated, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/members/{userId}/reactivate',
        tags: ['people'],
        summary: 'Reactivate a deactivated member',
        middleware: secured(deps, 'admin'),
        request: member,
        responses: { ...changed, ...ADMIN, ...problemResponses(404) },
      }),
      async (c) =>
        c.json(await reactivateMember(deps, c.get('db'), c.get('auth'), c.req.valid('param').userId), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/members/{userId}',
        tags: ['people'],
        summary: 'Remove a member from the organization (open leads are left unassigned)',
        middleware: secured(deps, 'admin'),
        request: member,
        responses: { 204: { description: 'Removed' }, ...ADMIN, ...problemResponses(404, 409) },
      }),
      async (c) => {
        await removeMember(deps, c.get('db'), c.get('auth'), c.req.valid('param').userId);
        revokeLiveLater(c, deps, c.req.valid('param').userId);
        return c.body(null, 204);
      },
    );
}

/** The signed-in person's own account: their sessions, their password, their name, language and zone. */
export function accountRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/account/sessions',
        tags: ['session'],
        summary: 'My sessions in this organization: device, address, opened, last seen',
        middleware: secured(deps),
        responses: {
          200: { description: 'My sessions', content: json(AccountSessionListSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => {
        const items = await listMySessions(deps, c.get('db'), c.get('auth'), readSessionToken(c) ?? null);
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/account/sessions/{id}',
        tags: ['session'],
        summary: 'End one of my sessions (sign a device out)',
        middleware: secured(deps),
        request: { params: SessionIdParamSchema },
        responses: { 204: { description: 'Ended' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await endMySession(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        revokeLiveLater(c, deps);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/session/others',
        tags: ['session'],
        summary: 'Sign out everywhere else (every other session of this person ends)',
        middleware: [authenticate(deps)] as const,
        responses: {
          200: { description: 'Ended', content: json(EndedSessionsSchema) },
          ...problemResponses(401, 403),
        },
      }),
      async (c) => {
        const ended = await endOtherSessions(deps, c.get('db'), c.get('auth'), readSessionToken(c) ?? null);
        revokeLiveLater(c, deps);
        return c.json({ ended }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/account/password',
        tags: ['session'],
        summary: 'Change the password (the current one required); every other session ends',
        middleware: [authenticate(deps)] as const,
        request: body(ChangePasswordSchema),
        responses: { 204: { description: 'Changed' }, ...problemResponses(401, 403, 422, 429) },
      }),
      async (c) => {
        await changePassword(deps, c.get('db'), c.get('auth'), {
          ...c.req.valid('json'),
          keepToken: readSessionToken(c) ?? null,
          ip: deps.clientIp(c),
        });
        revokeLiveLater(c, deps);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/account',
        tags: ['session'],
        summary: 'Change my name, language, time zone (null: the organization’s) or notices',
        middleware: [authenticate(deps)] as const,
        request: body(UpdateAccountSchema),
        responses: {
          200: { description: 'The account', content: json(AccountSchema) },
          ...problemResponses(401, 403, 422),
        },
      }),
      async (c) => c.json(await updateAccount(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/account',
        tags: ['session'],
        summary: 'My account: name, language, time zone, reminder email',
        middleware: [authenticate(deps)] as const,
        responses: {
          200: { description: 'The account', content: json(AccountSchema) },
          ...problemResponses(401, 403),
        },
      }),
      async (c) => c.json(await getAccount(c.get('db'), c.get('auth')), 200),
    );
}
