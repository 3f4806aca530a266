/** The roles a caller can hold in its organization: the session contract and the database enum use this list. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: a signed-in user, or an API key (no user). */
export type Caller = { role: Role; userId: string | null };

/** How powerful each role is, spelled out so that no list's order decides who may do what. */
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** True when `role` is `least` or a more powerful one. */
export function hasRole(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/** The less powerful of two roles (an API key acts with its own role and its creator's, whichever is less). */
export function lesserRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * The PRD's lead RBAC: viewers read only; members change only the leads assigned to them (an API key
 * with the member role has no user, so it changes none); admins and owners change every lead.
 */
export function canEditLead(caller: Caller, lead: { assignedTo: string | null }): boolean {
  if (hasRole(caller.role, 'admin')) return true;
  return caller.role === 'member' && caller.userId !== null && lead.assignedTo === caller.userId;
}

/** A note is changed by its author (member or above) or by an admin; a viewer changes none. */
export function canEditNote(caller: Caller, note: { authorId: string | null }): boolean {
  if (hasRole(caller.role, 'admin')) return true;
  return hasRole(caller.role, 'member') && caller.userId !== null && note.authorId === caller.userId;
}

/** A saved view is changed by its owner; a shared one also by an admin, who looks after the team's lists. */
export function canEditView(caller: Caller, view: { ownerId: string; shared: boolean }): boolean {
  if (caller.userId !== null && view.ownerId === caller.userId) return true;
  return view.shared && hasRole(caller.role, 'admin');
}

/** Roles a lead can be assigned to: viewers cannot work leads, so they take none. */
export function canTakeLeads(role: Role): boolean {
  return hasRole(role, 'member');
}

/**
 * A task is worked by whoever may change its lead, and by its assignee (a member may be given a task on a
 * colleague's lead); viewers work none.
 */
export function canEditTask(
  caller: Caller,
  task: { assigneeId: string | null },
  lead: { assignedTo: string | null },
): boolean {
  if (canEditLead(caller, lead)) return true;
  return caller.role === 'member' && caller.userId !== null && task.assigneeId === caller.userId;
}
