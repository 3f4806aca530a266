import type { Organization, UpdateOrganization } from '@contract/organization';
import type {
  Account,
  AccountSession,
  CreateInvitation,
  DeactivateMember,
  Invitation,
  InvitationPreviewSchema,
  MemberDetail,
  SetupBody,
  UpdateAccount,
} from '@contract/people';
import type { Role, Session } from '@contract/session';
import type { CompleteSignup, SignupPreview, SignupRequest } from '@contract/signup';
import type { Team } from '@contract/teams';
import type { z } from '@hono/zod-openapi';
import type { ApiResult, Call, TypedClient } from './call';

/** What an invitation link opens: the organization, the address and the role. */
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

/** A deactivated member and what happened to their open leads. */
export type Deactivated = {
  member: MemberDetail;
  leads: { action: DeactivateMember['leads']['action']; count: number };
};

/** First-run setup, invitations, members and the signed-in person's own account. */
export interface PeopleApi {
  /** 200 while the first-run setup is open; 404 once an organization exists. */
  setupStatus(): Promise<ApiResult<{ needed: boolean; tokenConfigured: boolean }>>;
  /** Creates the first organization and its owner, and signs the owner in. */
  setup(body: SetupBody): Promise<ApiResult<Session>>;
  /** Whether this server lets a visitor create an organization (the sign-in page offers it then). */
  signupStatus(): Promise<ApiResult<{ allowed: boolean }>>;
  /** Emails a link that proves the address (the same answer whether or not it has an account). */
  requestSignup(body: SignupRequest): Promise<ApiResult<null>>;
  /** The address a sign-up token proves; 404 unknown, 410 expired or used. */
  previewSignup(token: string): Promise<ApiResult<SignupPreview>>;
  /** Creates the organization and its owner with a sign-up token, and signs the owner in. */
  completeSignup(body: CompleteSignup): Promise<ApiResult<Session>>;
  /** What an invitation token opens; 404 unknown, 410 expired, revoked or used. */
  previewInvitation(token: string): Promise<ApiResult<InvitationPreview>>;
  /** Joins with a new account (name + password) or the existing account's password, and signs in. */
  acceptInvitation(body: { token: string; name: string; password: string }): Promise<ApiResult<Session>>;
  listInvitations(): Promise<ApiResult<{ items: Invitation[] }>>;
  invite(body: CreateInvitation): Promise<ApiResult<Invitation>>;
  resendInvitation(id: string): Promise<ApiResult<Invitation>>;
  revokeInvitation(id: string): Promise<ApiResult<null>>;
  listMembers(): Promise<ApiResult<{ items: MemberDetail[] }>>;
  changeRole(userId: string, role: Role): Promise<ApiResult<MemberDetail>>;
  deactivate(userId: string, body: DeactivateMember): Promise<ApiResult<Deactivated>>;
  reactivate(userId: string): Promise<ApiResult<MemberDetail>>;
  remove(userId: string): Promise<ApiResult<null>>;
  listTeams(): Promise<ApiResult<{ items: Team[] }>>;
  createTeam(name: string): Promise<ApiResult<Team>>;
  renameTeam(id: string, name: string): Promise<ApiResult<Team>>;
  /** 409 `team-in-use` while an enabled routing rule names the team. */
  deleteTeam(id: string): Promise<ApiResult<null>>;
  /** Adds the member to the team, or sets whether they are senior in it. */
  putTeamMember(id: string, userId: string, senior: boolean): Promise<ApiResult<Team>>;
  removeTeamMember(id: string, userId: string): Promise<ApiResult<Team>>;
  /** Every other session of the signed-in person ends; this one stays. */
  changePassword(body: { currentPassword: string; newPassword: string }): Promise<ApiResult<null>>;
  endOtherSessions(): Promise<ApiResult<{ ended: number }>>;
  /** My sessions in this organization, most recently seen first. */
  listMySessions(): Promise<ApiResult<{ items: AccountSession[] }>>;
  /** Ends one of my sessions; 404 when it is not (or no longer) mine. */
  endMySession(id: string): Promise<ApiResult<null>>;
  /** The signed-in person's own account (name, language, time zone, notices, reminder email). */
  getAccount(): Promise<ApiResult<Account>>;
  /** The signed-in person's own name, language, time zone (null: the organization's) or notices. */
  updateAccount(change: UpdateAccount): Promise<ApiResult<Account>>;
  getOrganization(): Promise<ApiResult<Organization>>;
  updateOrganization(change: UpdateOrganization): Promise<ApiResult<Organization>>;
}

/** The people calls, over the same typed client and `call` as the rest of the API client. */
export function peopleCalls(client: TypedClient, call: Call): PeopleApi {
  const api = client.api;
  const member = api.members[':userId'];
  const invitation = api.invitations[':id'];
  const team = api.teams[':id'];
  const teamMember = team.members[':userId'];
  // A 401 on the public pages means a wrong password, not an ended session.
  const publicCall = { unauthorizedEndsSession: false } as const;
  return {
    setupStatus: () => call(() => api.setup.$get(), publicCall),
    setup: (json) => call(() => api.setup.$post({ json }), publicCall),
    signupStatus: () => call(() => api.signup.$get(), publicCall),
    requestSignup: (json) => call(() => api.signup.$post({ json }), { ...publicCall, read: 'none' }),
    previewSignup: (token) => call(() => api.signup.preview.$post({ json: { token } }), publicCall),
    completeSignup: (json) => call(() => api.signup.complete.$post({ json }), publicCall),
    previewInvitation: (token) => call(() => api.invitations.preview.$post({ json: { token } }), publicCall),
    acceptInvitation: (json) => call(() => api.invitations.accept.$post({ json }), publicCall),
    listInvitations: () => call(() => api.invitations.$get()),
    invite: (json) => call(() => api.invitations.$post({ json })),
    resendInvitation: (id) => call(() => invitation.resend.$post({ param: { id } })),
    revokeInvitation: (id) => call(() => invitation.$delete({ param: { id } }), { read: 'none' }),
    listMembers: () => call(() => api.members.$get()),
    changeRole: (userId, role) => call(() => member.$patch({ param: { userId }, json: { role } })),
    deactivate: (userId, json) => call(() => member.deactivate.$post({ param: { userId }, json })),
    reactivate: (userId) => call(() => member.reactivate.$post({ param: { userId } })),
    remove: (userId) => call(() => member.$delete({ param: { userId } }), { read: 'none' }),
    listTeams: () => call(() => api.teams.$get()),
    createTeam: (name) => call(() => api.teams.$post({ json: { name } })),
    renameTeam: (id, name) => call(() => team.$patch({ param: { id }, json: { name } })),
    deleteTeam: (id) => call(() => team.$delete({ param: { id } }), { read: 'none' }),
    putTeamMember: (id, userId, senior) =>
      call(() => teamMember.$put({ param: { id, userId }, json: { senior } })),
    removeTeamMember: (id, userId) => call(() => teamMember.$delete({ param: { id, userId } })),
    changePassword: (json) => call(() => api.account.password.$post({ json }), { read: 'none' }),
    endOtherSessions: () => call(() => api.session.others.$delete()),
    listMySessions: () => call(() => api.account.sessions.$get()),
    endMySession: (id) =>
      call(() => api.account.sessions[':id'].$delete({ param: { id } }), { read: 'none' }),
    getAccount: () => call(() => api.account.$get()),
    updateAccount: (json) => call(() => api.account.$patch({ json })),
    getOrganization: () => call(() => api.organization.$get()),
    updateOrganization: (json) => call(() => api.organization.$patch({ json })),
  };
}
