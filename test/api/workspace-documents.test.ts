import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo } from '../../edge/contract/workspace-activity';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

async function arrange() {
  const { org, sessions } = await orgWithSessions(t);
  const id = await seedLead(t, org, { lastName: 'Novák' }, { assignedTo: org.users.member.id });
  return { org, sessions, id };
}

function upload(session: Session, leadId: string, file: Blob | string | null, name = 'Angebot Müller.pdf') {
  const form = new FormData();
  if (file instanceof Blob) form.append('file', file, name);
  else if (file !== null) form.append('file', file);
  return t.app.request(`/api/leads/${leadId}/documents`, {
    method: 'POST',
    headers: session.headers,
    body: form,
  });
}

const PDF = new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0x00])], {
  type: 'application/pdf',
});

describe('documents', () => {
  it('uploads, lists, downloads the same bytes as an attachment, and records it', async () => {
    const { sessions, id } = await arrange();
    const res = await upload(sessions.member, id, PDF);
    expect(res.status).toBe(201);
    const doc = await bodyOf<DocumentInfo>(res);
    const bytes = new Uint8Array(await PDF.arrayBuffer());
    expect(doc).toMatchObject({
      name: 'Angebot Müller.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedBy: { id: sessions.member.userId },
    });
    const list = await bodyOf<{ items: DocumentInfo[] }>(
      await call(t, sessions.viewer, 'GET', `/api/leads/${id}/documents`),
    );
    expect(list.items.map((d) => d.id)).toEqual([doc.id]);
    const download = await call(t, sessions.viewer, 'GET', `/api/leads/${id}/documents/${doc.id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(Object.fromEntries(download.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="Angebot Muller.pdf"; filename*=UTF-8''Angebot%20M%C3%BCller.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect((await eventsOf(t, id)).at(-1)).toMatchObject({
      type: 'document_uploaded',
      data: { documentId: doc.id, name: 'Angebot Müller.pdf', size: bytes.length, sha256: doc.sha256 },
    });
  });

  it('accepts a file bigger than the JSON limit, up to 10 MB, and refuses more with 413', async () => {
    const { sessions, id } = await arrange();
    const big = new Blob([new Uint8Array(2 * 1024 * 1024).fill(7)], { type: 'application/octet-stream' });
    expect((await upload(sessions.admin, id, big, 'big.bin')).status).toBe(201);
    const tooBig = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)]);
    const res = await upload(sessions.admin, id, tooBig, 'huge.bin');
    expect(res.status).toBe(413);
    expect((await bodyOf(res)).code).toBe('payload-too-large');
    const stored = await t.sql(
      'select name from documents where organization_id = (select organization_id from leads where id = $1)',
      [id],
    );
    expect(stored).toEqual([{ name: 'big.bin' }]);
  });

  it('keeps the JSON limit on every other route', async () => {
    const { sessions, id } = await arrange();
    const huge = JSON.stringify({ version: 1, description: 'x'.repeat(70 * 1024) });
    const patch = await t.app.request(`/api/leads/${id}`, {
      method: 'PATCH',
      headers: { ...sessions.admin.headers, 'content-type': 'application/json' },
      body: huge,
    });
    expect(patch.status).toBe(413);
    const notes = await t.app.request(`/api/leads/${id}/notes`, {
      method: 'POST',
      headers: { ...sessions.admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x'.repeat(70 * 1024) }),
    });
    expect(notes.status).toBe(413);
  });

  it.each([
    ['no file part', null, 422],
    ['a text field instead of a file', 'not a file', 422],
    ['an empty file', new Blob([]), 422],
  ])('refuses %s', async (_name, file, status) => {
    const { sessions, id } = await arrange();
    const res = await upload(sessions.admin, id, file as Blob | string | null);
    expect(res.status).toBe(status);
    expect((await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors[0]!.pointer).toBe('/file');
  });

  it('refuses a non-multipart body with 415 and an unauthenticated upload with 401', async () => {
    const { sessions, id } = await arrange();
    const json = await call(t, sessions.admin, 'POST', `/api/leads/${id}/documents`, { file: 'x' });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('file', PDF, 'a.pdf');
    const anonymous = await t.app.request(`/api/leads/${id}/documents`, { method: 'POST', body: form });
    expect(anonymous.status).toBe(401);
  });

  it('stores a safe name and type, and serves risky types as attachments only', async () => {
    const { sessions, id } = await arrange();
    const html = new Blob(['<script>alert(1)</script>'], { type: 'text/html' });
    const doc = await bodyOf<DocumentInfo>(await upload(sessions.admin, id, html, '../../evil.html'));
    expect(doc.name).toBe('evil.html');
    const res = await call(t, sessions.admin, 'GET', `/api/leads/${id}/documents/${doc.id}`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('deletes: unlinks, removes the bytes, records it; the download is then 404', async () => {
    const { sessions, id } = await arrange();
    const doc = await bodyOf<DocumentInfo>(await upload(sessions.member, id, PDF));
    const res = await call(t, sessions.member, 'DELETE', `/api/leads/${id}/documents/${doc.id}`);
    expect(res.status).toBe(204);
    expect((await call(t, sessions.member, 'GET', `/api/leads/${id}/documents/${doc.id}`)).status).toBe(404);
    expect(
      (
        await bodyOf<{ items: unknown[] }>(
          await call(t, sessions.member, 'GET', `/api/leads/${id}/documents`),
        )
      ).items,
    ).toEqual([]);
    const [{ key }] = (await t.sql<{ key: string }>(
      'select storage_key as key from documents where id = $1',
      [doc.id],
    )) as [{ key: string }];
    expect(await t.deps.documents.get(key)).toBeNull();
    expect((await eventsOf(t, id)).at(-1)).toMatchObject({
      type: 'document_deleted',
      data: { documentId: doc.id },
    });
  });

  it("does not serve another lead's document through this lead", async () => {
    const { org, sessions, id } = await arrange();
    const otherLead = await seedLead(t, org, { lastName: 'Other' });
    const doc = await bodyOf<DocumentInfo>(await upload(sessions.admin, otherLead, PDF));
    expect((await call(t, sessions.admin, 'GET', `/api/leads/${id}/documents/${doc.id}`)).status).toBe(404);
    expect((await call(t, sessions.admin, 'DELETE', `/api/leads/${id}/documents/${doc.id}`)).status).toBe(
      404,
    );
  });
});
