import { and, asc, eq, or } from 'drizzle-orm';
import { savedViews, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { CreateSavedView, SavedView, UpdateSavedView } from '../../contract/saved-views';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { canEditView } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

type ViewRow = typeof savedViews.$inferSelect;

/** Saved views belong to people; an API key has no user to own one. */
function ownerOf(auth: Auth): string {
  if (!auth.userId)
    throw new AppError('forbidden', { detail: 'Saved views belong to users; an API key has none.' });
  return auth.userId;
}

function toView(auth: Auth, row: ViewRow, ownerName: string | null): SavedView {
  return {
    id: row.id,
    name: row.name,
    filter: row.filter,
    layout: row.layout ?? null,
    shared: row.shared,
    owner: { id: row.ownerId, name: ownerName ?? '' },
    editable: canEditView({ role: auth.role, userId: auth.userId }, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The caller's own views and the organization's shared ones, by name. */
export async function listSavedViews(db: Db, auth: Auth): Promise<{ items: SavedView[] }> {
  const rows = await db
    .select({ view: savedViews, ownerName: users.name })
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(
      inOrg(
        savedViews,
        auth.organizationId,
        or(eq(savedViews.shared, true), auth.userId ? eq(savedViews.ownerId, auth.userId) : undefined),
      ),
    )
    .orderBy(asc(savedViews.name), asc(savedViews.id));
  return { items: rows.map((r) => toView(auth, r.view, r.ownerName)) };
}

/** Saves a view for the caller (any role: a personal list changes no lead). */
export async function createSavedView(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  input: CreateSavedView,
) {
  const ownerId = ownerOf(auth);
  const now = deps.now();
  const row = await db.transaction(async (tx) => {
    const [view] = await tx
      .insert(savedViews)
      .values({
        id: deps.newId('view'),
        organizationId: auth.organizationId,
        ownerId,
        ...input,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, auth, view!.id, 'saved_view.created', now, {
      name: input.name,
      shared: input.shared,
      layout: input.layout,
    });
    return view!;
  });
  return toView(auth, row, await ownerName(db, ownerId));
}

/** Renames, refilters or (un)shares a view: its owner, or an admin for a shared view. */
export async function updateSavedView(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
  input: UpdateSavedView,
) {
  const now = deps.now();
  const row = await db.transaction(async (tx) => {
    const view = await editableView(tx, auth, id);
    const [updated] = await tx
      .update(savedViews)
      .set({ ...input, updatedAt: now })
      .where(inOrg(savedViews, auth.organizationId, eq(savedViews.id, id)))
      .returning();
    const from = { name: view.name, filter: view.filter, layout: view.layout, shared: view.shared };
    await audit(tx, auth, id, 'saved_view.updated', now, { from, to: input });
    return updated!;
  });
  return toView(auth, row, await ownerName(db, row.ownerId));
}

/** Deletes a view: its owner, or an admin for a shared view; the event keeps its name and filter. */
export async function deleteSavedView(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<void> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const view = await editableView(tx, auth, id);
    await tx.delete(savedViews).where(inOrg(savedViews, auth.organizationId, eq(savedViews.id, id)));
    await audit(tx, auth, id, 'saved_view.deleted', now, { name: view.name, filter: view.filter });
  });
}

/**
 * A view the caller can see (`not-found` otherwise: another user's personal view is not theirs to know of)
 * and may change (`forbidden` otherwise).
 */
async function editableView(tx: Executor, auth: Auth, id: string): Promise<ViewRow> {
  const visible = or(
    eq(savedViews.shared, true),
    auth.userId ? eq(savedViews.ownerId, auth.userId) : undefined,
  );
  const [view] = await tx
    .select()
    .from(savedViews)
    .where(inOrg(savedViews, auth.organizationId, and(eq(savedViews.id, id), visible)))
    .for('update');
  if (!view) throw new AppError('not-found', { detail: `No saved view ${id}.` });
  if (!canEditView({ role: auth.role, userId: auth.userId }, view))
    throw new AppError('forbidden', {
      detail: 'Only its owner, or an admin for a shared view, may change it.',
    });
  return view;
}

function audit(tx: Executor, auth: Auth, id: string, type: string, at: Date, data: Record<string, unknown>) {
  const base = { organizationId: auth.organizationId, entityType: 'saved_view', entityId: id };
  return recordEvents(tx, [{ ...base, type, actor: actorOf(auth), at, data }]);
}

async function ownerName(db: Db, userId: string): Promise<string | null> {
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? null;
}
