import { desc, eq, isNull } from 'drizzle-orm';
import { leads, notes, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { Note } from '../../contract/workspace-activity';
import { AppError } from '../../core/errors';
import { canEditNote } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { changeLead, findLead, leadEvent } from './access';

type NoteRow = typeof notes.$inferSelect;

const MAX_NOTES = 500;

function toNote(row: NoteRow, authorName: string | null): Note {
  return {
    id: row.id,
    body: row.body,
    author: row.authorId ? { id: row.authorId, name: authorName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A lead's notes, newest first (the lead must be the caller organization's). */
export async function listNotes(db: Db, organizationId: string, leadId: string): Promise<{ items: Note[] }> {
  await findLead(db, organizationId, leadId);
  const rows = await db
    .select({ note: notes, authorName: users.name })
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorId))
    .where(inOrg(notes, organizationId, eq(notes.leadId, leadId), isNull(notes.deletedAt)))
    .orderBy(desc(notes.createdAt), desc(notes.id))
    .limit(MAX_NOTES);
  return { items: rows.map((r) => toNote(r.note, r.authorName)) };
}

/** Adds a note to a lead the caller may change; a note is activity, so the lead is no longer stale. */
export async function addNote(deps: Deps, db: Db, auth: Auth, leadId: string, body: string): Promise<Note> {
  const row = await changeLead(deps, db, auth, leadId, undefined, async (tx, lead, now) => {
    const [note] = await tx
      .insert(notes)
      .values({
        id: deps.newId('note'),
        organizationId: auth.organizationId,
        leadId,
        authorId: auth.userId,
        body,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await touch(tx, auth.organizationId, lead.id, now);
    await recordEvents(tx, [
      { ...leadEvent(auth, lead.id, now), type: 'note_added', data: { noteId: note!.id, body } },
    ]);
    return note!;
  });
  return toNote(row, await authorName(db, row.authorId));
}

/** Rewrites a note: its author (member or above) or an admin. The event keeps both versions. */
export async function updateNote(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  noteId: string,
  body: string,
) {
  const row = await db.transaction(async (tx) => {
    const { note, now } = await lockNote(deps, tx, auth, leadId, noteId);
    if (note.body === body) return note;
    const [updated] = await tx
      .update(notes)
      .set({ body, updatedAt: now })
      .where(eq(notes.id, note.id))
      .returning();
    await touch(tx, auth.organizationId, leadId, now);
    await recordEvents(tx, [
      { ...leadEvent(auth, leadId, now), type: 'note_updated', data: { noteId, from: note.body, to: body } },
    ]);
    return updated!;
  });
  return toNote(row, await authorName(db, row.authorId));
}

/** Soft-deletes a note (its text stays in the `note_deleted` event, the audit trail of what was removed). */
export async function deleteNote(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  noteId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { note, now } = await lockNote(deps, tx, auth, leadId, noteId);
    await tx.update(notes).set({ deletedAt: now, updatedAt: now }).where(eq(notes.id, note.id));
    await recordEvents(tx, [
      { ...leadEvent(auth, leadId, now), type: 'note_deleted', data: { noteId, body: note.body } },
    ]);
  });
}

/**
 * The live note of a live lead of the caller's organization (`not-found` otherwise), and whether it may change
 * it (`forbidden` otherwise).
 */
async function lockNote(deps: Pick<Deps, 'now'>, tx: Tx, auth: Auth, leadId: string, noteId: string) {
  await findLead(tx, auth.organizationId, leadId);
  const [note] = await tx
    .select()
    .from(notes)
    .where(
      inOrg(
        notes,
        auth.organizationId,
        eq(notes.id, noteId),
        eq(notes.leadId, leadId),
        isNull(notes.deletedAt),
      ),
    )
    .for('update');
  if (!note) throw new AppError('not-found', { detail: `No note ${noteId} on lead ${leadId}.` });
  if (!canEditNote({ role: auth.role, userId: auth.userId }, note))
    throw new AppError('forbidden', { detail: 'Only the author or an admin may change a note.' });
  return { note, now: deps.now() };
}

async function touch(tx: Tx, organizationId: string, leadId: string, now: Date): Promise<void> {
  await tx
    .update(leads)
    .set({ lastActivityAt: now })
    .where(inOrg(leads, organizationId, eq(leads.id, leadId)));
}

async function authorName(db: Db, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? null;
}
