import { and, desc, eq, isNull } from 'drizzle-orm';
import { describeError } from '../../../db/errors';
import { documentLinks, documents, leads, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { DocumentInfo } from '../../contract/workspace-activity';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import type { StoredDocument } from '../../storage/types';
import { recordEvents } from '../audit/events';
import { assertCanEditLead, assertNotConverted, changeLead, findLead, leadEvent } from './access';

/** The upload limit (the JSON routes keep the app's much smaller body limit). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

type DocumentRow = typeof documents.$inferSelect;
export type Upload = { name: string; contentType: string; bytes: Uint8Array };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function toInfo(row: DocumentRow, uploaderName: string | null): DocumentInfo {
  return {
    id: row.id,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy ? { id: row.uploadedBy, name: uploaderName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Attaches a file to a lead: bytes to the document store first, then metadata, link and event in one
 * transaction. Checks run before the bytes are stored, and again in the transaction; when the transaction
 * fails the stored bytes are removed, so no orphan is left behind.
 */
export async function uploadDocument(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  upload: Upload,
): Promise<DocumentInfo> {
  const target = await findLead(db, auth.organizationId, leadId);
  assertCanEditLead(auth, target);
  assertNotConverted(target);
  const id = deps.newId('doc');
  const stored: StoredUpload = {
    id,
    name: upload.name,
    contentType: upload.contentType,
    size: upload.bytes.byteLength,
    sha256: await sha256Hex(upload.bytes),
    storageKey: `${auth.organizationId}/${id}`,
  };
  await deps.documents.put(stored.storageKey, upload.bytes, upload.contentType);
  try {
    const row = await changeLead(deps, db, auth, leadId, undefined, (tx, lead, now) => {
      assertNotConverted(lead);
      return recordUpload(tx, auth, lead.id, stored, now);
    });
    return toInfo(row, await userName(db, row.uploadedBy));
  } catch (error) {
    await deps.documents.delete(stored.storageKey).catch(() => {});
    throw error;
  }
}

type StoredUpload = Pick<DocumentRow, 'id' | 'name' | 'contentType' | 'size' | 'sha256' | 'storageKey'>;

/** The metadata row, its link to the lead, the lead's activity time and the `document_uploaded` event. */
async function recordUpload(tx: Tx, auth: Auth, leadId: string, doc: StoredUpload, now: Date) {
  const organizationId = auth.organizationId;
  const [row] = await tx
    .insert(documents)
    .values({ ...doc, organizationId, uploadedBy: auth.userId, createdAt: now })
    .returning();
  await tx
    .insert(documentLinks)
    .values({ documentId: doc.id, organizationId, entityType: 'lead', entityId: leadId });
  await tx.update(leads).set({ lastActivityAt: now }).where(eq(leads.id, leadId));
  const { storageKey: _, id: documentId, ...data } = doc;
  await recordEvents(tx, [
    { ...leadEvent(auth, leadId, now), type: 'document_uploaded', data: { documentId, ...data } },
  ]);
  return row!;
}

/** The documents linked to a lead, newest first. */
export async function listDocuments(db: Db, organizationId: string, leadId: string) {
  await findLead(db, organizationId, leadId);
  const rows = await db
    .select({ doc: documents, uploaderName: users.name })
    .from(documents)
    .innerJoin(documentLinks, eq(documentLinks.documentId, documents.id))
    .leftJoin(users, eq(users.id, documents.uploadedBy))
    .where(inOrg(documents, organizationId, linkedTo(leadId), isNull(documents.deletedAt)))
    .orderBy(desc(documents.createdAt), desc(documents.id));
  return { items: rows.map((r) => toInfo(r.doc, r.uploaderName)) };
}

/** A document of the lead with its bytes, for download; missing bytes are `not-found` (and logged). */
export async function openDocument(
  deps: Pick<Deps, 'documents' | 'logger'>,
  db: Db,
  organizationId: string,
  leadId: string,
  documentId: string,
): Promise<{ info: DocumentInfo; stored: StoredDocument }> {
  await findLead(db, organizationId, leadId);
  const doc = await linkedDocument(db, organizationId, leadId, documentId);
  const stored = await deps.documents.get(doc.storageKey);
  if (!stored) {
    deps.logger.error('document bytes missing', { documentId, storageKey: doc.storageKey });
    throw new AppError('not-found', { detail: `The file of document ${documentId} is missing.` });
  }
  return { info: toInfo(doc, null), stored };
}

/**
 * Detaches a document from the lead. Documents may also be linked elsewhere (an opportunity after
 * conversion); only when no link remains is the document deleted and its bytes removed.
 */
export async function deleteDocument(deps: Deps, db: Db, auth: Auth, leadId: string, documentId: string) {
  const orphan = await changeLead(deps, db, auth, leadId, undefined, async (tx, lead, now) => {
    assertNotConverted(lead);
    const doc = await linkedDocument(tx, auth.organizationId, lead.id, documentId);
    await tx.delete(documentLinks).where(and(eq(documentLinks.documentId, doc.id), linkedTo(lead.id)));
    const [other] = await tx
      .select()
      .from(documentLinks)
      .where(eq(documentLinks.documentId, doc.id))
      .limit(1);
    if (!other) await tx.update(documents).set({ deletedAt: now }).where(eq(documents.id, doc.id));
    const data = { documentId, name: doc.name, sha256: doc.sha256 };
    await recordEvents(tx, [{ ...leadEvent(auth, lead.id, now), type: 'document_deleted', data }]);
    return other ? null : doc.storageKey;
  });
  // After commit: a failure here leaves unreachable bytes (logged), never a link to missing bytes.
  if (orphan)
    await deps.documents
      .delete(orphan)
      .catch((error) =>
        deps.logger.error('document bytes not removed', { documentId, error: describeError(error) }),
      );
}

function linkedTo(leadId: string) {
  return and(eq(documentLinks.entityType, 'lead'), eq(documentLinks.entityId, leadId));
}

async function linkedDocument(db: Executor, organizationId: string, leadId: string, documentId: string) {
  const [row] = await db
    .select({ doc: documents })
    .from(documents)
    .innerJoin(documentLinks, eq(documentLinks.documentId, documents.id))
    .where(
      inOrg(
        documents,
        organizationId,
        eq(documents.id, documentId),
        linkedTo(leadId),
        isNull(documents.deletedAt),
      ),
    );
  if (!row) throw new AppError('not-found', { detail: `No document ${documentId} on lead ${leadId}.` });
  return row.doc;
}

async function userName(db: Db, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? null;
}
