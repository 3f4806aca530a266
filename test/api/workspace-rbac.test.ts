import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentLinks, documents, notes } from '../../db/schema';
import type { Role } from '../../edge/contract/session';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, eventsOf, orgWithSessions, ROLES, type Session, seedLead } from '../support/workspace';

let t: TestApi;
let org: TestOrg;
let sessions: Record<Role, Session>;
let foreign: Fixture;

beforeAll(async () => {
  // The matrix signs in once per role and sends many requests from each session.
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
  ({ org, sessions } = await orgWithSessions(t));
  const other = await orgWithSessions(t);
  foreign = await arrange(other.org, other.org.users.member.id);
});
afterAll(() => t.close());

type Fixture = { leadId: string; noteId: string; documentId: string };

/** A lead (tagged VIP) assigned to `assignee`, with a note by the assignee and a document. */
async function arrange(target: TestOrg, assignee: string): Promise<Fixture> {
  const leadId = await seedLead(t, target, { lastName: 'Novák' }, { assignedTo: assignee, tags: ['VIP'] });
  const noteId = t.deps.newId('note');
  await t.db
    .insert(notes)
    .values({ id: noteId, organizationId: target.organizationId, leadId, authorId: assignee, body: 'hi' });
  const documentId = t.deps.newId('doc');
  const storageKey = `${target.organizationId}/${documentId}`;
  await t.deps.documents.put(storageKey, new Uint8Array([1, 2, 3]), 'application/octet-stream');
  await t.db.insert(documents).values({
    id: documentId,
    organizationId: target.organizationId,
    name: 'a.bin',
    contentType: 'application/octet-stream',
    size: 3,
    sha256: '-',
    storageKey,
  });
  await t.db
    .insert(documentLinks)
    .values({ documentId, organizationId: target.organizationId, entityType: 'lead', entityId: leadId });
  return { leadId, noteId, documentId };
}

function multipart(): FormData {
  const form = new FormData();
  form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
  return form;
}

type Action = {
  name: string;
  /** The event type a successful call writes. */
  event: string;
  send: (s: Session | null, f: Fixture) => Response | Promise<Response>;
};

const MUTATIONS: Action[] = [
  {
    name: 'PATCH lead',
    event: 'updated',
    send: (s, f) => call(t, s, 'PATCH', `/api/leads/${f.leadId}`, { version: 1, title: 'CTO' }),
  },
  { name: 'DELETE lead', event: 'deleted', send: (s, f) => call(t, s, 'DELETE', `/api/leads/${f.leadId}`) },
  {
    name: 'status',
    event: 'status_changed',
    send: (s, f) => call(t, s, 'POST', `/api/leads/${f.leadId}/status`, { status: 'CONTACTED' }),
  },
  {
    name: 'assign',
    event: 'assigned',
    send: (s, f) => call(t, s, 'POST', `/api/leads/${f.leadId}/assign`, { assigneeId: org.users.owner.id }),
  },
  {
    name: 'add tags',
    event: 'tags_changed',
    send: (s, f) => call(t, s, 'POST', `/api/leads/${f.leadId}/tags`, { tags: ['Hot'] }),
  },
  {
    name: 'remove tag',
    event: 'tags_changed',
    send: (s, f) => call(t, s, 'DELETE', `/api/leads/${f.leadId}/tags/VIP`),
  },
  {
    name: 'add note',
    event: 'note_added',
    send: (s, f) => call(t, s, 'POST', `/api/leads/${f.leadId}/notes`, { body: 'x' }),
  },
  {
    name: 'edit note',
    event: 'note_updated',
    send: (s, f) => call(t, s, 'PATCH', `/api/leads/${f.leadId}/notes/${f.noteId}`, { body: 'y' }),
  },
  {
    name: 'delete note',
    event: 'note_deleted',
    send: (s, f) => call(t, s, 'DELETE', `/api/leads/${f.leadId}/notes/${f.noteId}`),
  },
  {
    name: 'log a call',
    event: 'activity.call',
    send: (s, f) =>
      call(t, s, 'POST', `/api/leads/${f.leadId}/activities`, { kind: 'call', outcome: 'connected' }),
  },
  {
    name: 'release',
    event: 'released',
    send: (s, f) => call(t, s, 'POST', `/api/leads/${f.leadId}/release`),
  },
  {
    name: 'upload document',
    event: 'document_uploaded',
    send: (s, f) =>
      t.app.request(`/api/leads/${f.leadId}/documents`, {
        method: 'POST',
        headers: s?.headers ?? {},
        body: multipart(),
      }),
  },
  {
    name: 'delete document',
    event: 'document_deleted',
    send: (s, f) => call(t, s, 'DELETE', `/api/leads/${f.leadId}/documents/${f.documentId}`),
  },
];

/** Taking a lead is not a change of an assigned one (the matrix's fixtures): its RBAC is in lead-claims.test.ts. */
const CLAIM: Action = {
  name: 'claim',
  event: 'claimed',
  send: (s, f) => call(t, s, 'POST', `/api/leads/${f.leadId}/claim`),
};

const READS: Action[] = [
  { name: 'GET lead', event: '', send: (s, f) => call(t, s, 'GET', `/api/leads/${f.leadId}`) },
  { name: 'timeline', event: '', send: (s, f) => call(t, s, 'GET', `/api/leads/${f.leadId}/timeline`) },
  { name: 'notes', event: '', send: (s, f) => call(t, s, 'GET', `/api/leads/${f.leadId}/notes`) },
  { name: 'documents', event: '', send: (s, f) => call(t, s, 'GET', `/api/leads/${f.leadId}/documents`) },
  {
    name: 'download',
    event: '',
    send: (s, f) => call(t, s, 'GET', `/api/leads/${f.leadId}/documents/${f.documentId}`),
  },
];

/** The PRD's matrix: viewers change nothing; members only what is assigned to them; admins and owners all. */
const ALLOWED: Record<Role, Record<'own' | 'other', boolean>> = {
  viewer: { own: false, other: false },
  member: { own: true, other: false },
  admin: { own: true, other: true },
  owner: { own: true, other: true },
};

const cases = MUTATIONS.flatMap((action) =>
  ROLES.flatMap((role) =>
    (['own', 'other'] as const).map((lead) => [action.name, role, lead, action] as const),
  ),
);

describe('RBAC: every mutating route × every role', () => {
  it.each(cases)("%s as %s on the member's %s lead", async (_name, role, lead, action) => {
    // "own": assigned to the member (whose note it is); "other": assigned to the admin.
    const fixture = await arrange(org, lead === 'own' ? org.users.member.id : org.users.admin.id);
    const before = (await eventsOf(t, fixture.leadId)).length;
    const res = await action.send(sessions[role], fixture);
    const events = await eventsOf(t, fixture.leadId);
    if (ALLOWED[role][lead]) {
      expect(res.status, await res.text()).toBeLessThan(300);
      // Every mutation is audited: one new event, of its type, by this user.
      expect(events).toHaveLength(before + 1);
      expect(events.at(-1)).toMatchObject({
        type: action.event,
        actor_type: 'user',
        actor_id: sessions[role].userId,
      });
    } else {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(events).toHaveLength(before);
    }
  });

  it.each(READS.map((a) => [a.name, a] as const))('%s is open to every role', async (_name, action) => {
    const fixture = await arrange(org, org.users.admin.id);
    for (const role of ROLES) expect((await action.send(sessions[role], fixture)).status).toBe(200);
  });

  it.each([...MUTATIONS, CLAIM, ...READS].map((a) => [a.name, a] as const))(
    '%s without a session → 401',
    async (_name, action) => {
      const fixture = await arrange(org, org.users.member.id);
      expect((await action.send(null, fixture)).status).toBe(401);
    },
  );
});

describe("org isolation: another organization's ids are not found", () => {
  const isolation = [...MUTATIONS, CLAIM, ...READS].flatMap((a) =>
    (['member', 'owner'] as const).map((r) => [a.name, r, a] as const),
  );

  it.each(isolation)('%s as %s → 404, nothing changed', async (_name, role, action) => {
    const before = await eventsOf(t, foreign.leadId);
    const res = await action.send(sessions[role], foreign);
    expect(res.status).toBe(404);
    expect((await res.json()) as { code: string }).toMatchObject({ code: 'not-found' });
    expect(await eventsOf(t, foreign.leadId)).toEqual(before);
  });

  it.each(['edit note', 'delete note', 'download', 'delete document'])(
    '%s: a foreign note or document under an own lead → 404',
    async (name) => {
      const own = await arrange(org, org.users.member.id);
      const action = [...MUTATIONS, ...READS].find((a) => a.name === name)!;
      const res = await action.send(sessions.owner, {
        ...own,
        noteId: foreign.noteId,
        documentId: foreign.documentId,
      });
      expect(res.status).toBe(404);
    },
  );
});

describe('API keys', () => {
  it('act with their role and are recorded as the actor; a member key has no leads of its own', async () => {
    const keyFor = async (role: Role) => {
      const res = await call(t, sessions.owner, 'POST', '/api/api-keys', {
        name: `${role} key`,
        role,
        scopes: ['leads:read', 'leads:write', 'submit', 'import', 'export', 'admin'],
      });
      return (await res.json()) as { id: string; key: string };
    };
    const [memberKey, adminKey] = [await keyFor('member'), await keyFor('admin')];
    const fixture = await arrange(org, org.users.member.id);
    const move = (key: string) =>
      t.app.request(`/api/leads/${fixture.leadId}/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'CONTACTED' }),
      });
    expect((await move(memberKey.key)).status).toBe(403);
    const res = await move(adminKey.key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ contactedBy: adminKey.id, statusChangedBy: adminKey.id });
    expect((await eventsOf(t, fixture.leadId)).at(-1)).toMatchObject({
      type: 'status_changed',
      actor_type: 'api_key',
      actor_id: adminKey.id,
    });
  });
});
