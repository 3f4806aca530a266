import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateMatch } from '../../edge/contract/workspace';
import type { Note, Timeline } from '../../edge/contract/workspace-activity';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

async function arrange() {
  const { org, sessions } = await orgWithSessions(t);
  const id = await seedLead(
    t,
    org,
    { lastName: 'Novák' },
    { assignedTo: org.users.member.id, lastActivityAt: new Date('2026-01-01T00:00:00Z') },
  );
  return { org, sessions, id };
}

describe('notes', () => {
  it('adds, lists newest first, edits and deletes, recording each change', async () => {
    const { sessions, id } = await arrange();
    const add = (body: string) => call(t, sessions.member, 'POST', `/api/leads/${id}/notes`, { body });
    const first = await bodyOf<Note>(await add('Called, no answer'));
    const second = await add('  Left a voicemail  ');
    expect(second.status).toBe(201);
    const note = await bodyOf<Note>(second);
    expect(note).toMatchObject({ body: 'Left a voicemail', author: { id: sessions.member.userId } });
    const list = await bodyOf<{ items: Note[] }>(
      await call(t, sessions.viewer, 'GET', `/api/leads/${id}/notes`),
    );
    expect(list.items.map((n) => n.id)).toEqual([note.id, first.id]);
    const edited = await call(t, sessions.member, 'PATCH', `/api/leads/${id}/notes/${first.id}`, {
      body: 'Called twice',
    });
    expect(await bodyOf(edited)).toMatchObject({ id: first.id, body: 'Called twice' });
    expect((await call(t, sessions.admin, 'DELETE', `/api/leads/${id}/notes/${note.id}`)).status).toBe(204);
    const after = await bodyOf<{ items: Note[] }>(
      await call(t, sessions.viewer, 'GET', `/api/leads/${id}/notes`),
    );
    expect(after.items.map((n) => n.body)).toEqual(['Called twice']);
    const events = (await eventsOf(t, id)).filter((e) => e.type.startsWith('note_'));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['note_added', { noteId: first.id, body: 'Called, no answer' }],
      ['note_added', { noteId: note.id, body: 'Left a voicemail' }],
      ['note_updated', { noteId: first.id, from: 'Called, no answer', to: 'Called twice' }],
      ['note_deleted', { noteId: note.id, body: 'Left a voicemail' }],
    ]);
    const [lead] = await t.sql<{ last_activity_at: Date }>(
      'select last_activity_at from leads where id = $1',
      [id],
    );
    expect(lead!.last_activity_at.getTime()).toBeGreaterThan(Date.parse('2026-01-02'));
  });

  it.each([
    ['viewer', 403],
    ['member', 403],
    ['admin', 200],
    ['owner', 200],
  ] as const)("%s editing another user's note → %i", async (role, status) => {
    const { org, sessions } = await orgWithSessions(t);
    // Assigned to the member, so only authorship decides for them.
    const id = await seedLead(t, org, { lastName: 'X' }, { assignedTo: org.users.member.id });
    const author = role === 'admin' ? sessions.owner : sessions.admin;
    const note = await bodyOf<Note>(
      await call(t, author, 'POST', `/api/leads/${id}/notes`, { body: 'theirs' }),
    );
    const res = await call(t, sessions[role], 'PATCH', `/api/leads/${id}/notes/${note.id}`, {
      body: 'changed',
    });
    expect(res.status).toBe(status);
  });

  it.each([
    [{ body: '' }, 422],
    [{ body: '   ' }, 422],
    [{ body: 'x'.repeat(10_001) }, 422],
    [{ text: 'hi' }, 422],
  ])('%j → %i', async (payload, status) => {
    const { sessions, id } = await arrange();
    expect((await call(t, sessions.member, 'POST', `/api/leads/${id}/notes`, payload)).status).toBe(status);
  });

  it('answers 404 for a note of another lead', async () => {
    const { org, sessions, id } = await arrange();
    const other = await seedLead(t, org, { lastName: 'Other' });
    const note = await bodyOf<Note>(
      await call(t, sessions.admin, 'POST', `/api/leads/${other}/notes`, { body: 'x' }),
    );
    expect(
      (await call(t, sessions.admin, 'PATCH', `/api/leads/${id}/notes/${note.id}`, { body: 'y' })).status,
    ).toBe(404);
    expect((await call(t, sessions.admin, 'DELETE', `/api/leads/${id}/notes/${note.id}`)).status).toBe(404);
  });
});

describe('GET /api/leads/:id/timeline', () => {
  async function arrangeHistory() {
    const { org, sessions, id } = await arrange();
    const at = (iso: string) => new Date(iso);
    const rows = [
      ['created', '2026-01-01T09:00:00Z'],
      ['status_changed', '2026-01-02T09:00:00Z'],
      ['note_added', '2026-01-02T10:00:00Z'],
      ['note_added', '2026-01-02T10:00:00Z'],
      ['assigned', '2026-01-03T09:00:00Z'],
    ] as const;
    for (const [type, time] of rows)
      await t.sql(
        `insert into lead_events (organization_id, lead_id, type, actor_type, actor_id, data, created_at)
         values ($1, $2, $3, 'user', $4, '{}', $5)`,
        [org.organizationId, id, type, org.users.member.id, at(time)],
      );
    return { sessions, id };
  }

  const timeline = async (session: Parameters<typeof call>[1], id: string, query = '') => {
    const res = await call(t, session, 'GET', `/api/leads/${id}/timeline${query}`);
    expect(res.status).toBe(200);
    return bodyOf<Timeline>(res);
  };

  it.each([
    ['', ['assigned', 'note_added', 'note_added', 'status_changed', 'created']],
    ['?type=note_added,assigned', ['assigned', 'note_added', 'note_added']],
    ['?from=2026-01-02&to=2026-01-02', ['note_added', 'note_added', 'status_changed']],
    ['?from=2026-01-02T09:30:00Z', ['assigned', 'note_added', 'note_added']],
    ['?type=merged', []],
  ])('%s', async (query, types) => {
    const { sessions, id } = await arrangeHistory();
    expect((await timeline(sessions.viewer, id, query)).items.map((e) => e.type)).toEqual(types);
  });

  it('names the people an assignment moved the lead between, and no one of another organization', async () => {
    const { org, sessions, id } = await arrange();
    const other = await orgWithSessions(t);
    await t.sql(
      `insert into lead_events (organization_id, lead_id, type, actor_type, actor_id, data)
       values ($1, $2, 'assigned', 'user', $3, $4)`,
      [
        org.organizationId,
        id,
        org.users.admin.id,
        { from: org.users.member.id, to: other.org.users.member.id },
      ],
    );
    const page = await timeline(sessions.viewer, id, '?type=assigned');
    expect(page.people).toEqual({ [org.users.member.id]: expect.stringContaining('member') });
  });

  it('pages newest first without losing events at the same instant, naming the actor', async () => {
    const { sessions, id } = await arrangeHistory();
    const seen: Timeline['items'] = [];
    let cursor: string | null = null;
    do {
      const page: Timeline = await timeline(
        sessions.viewer,
        id,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.type)).toEqual([
      'assigned',
      'note_added',
      'note_added',
      'status_changed',
      'created',
    ]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(5);
    expect(seen[0]!.actor).toEqual({
      type: 'user',
      id: sessions.member.userId,
      name: expect.stringContaining('member'),
    });
  });

  it.each([
    ['?type=Not%20A%20Type', '/type'],
    ['?from=last%20week', '/from'],
    ['?to=2026-02-30', '/to'],
    ['?limit=500', '/limit'],
    ['?cursor=nope', '/cursor'],
  ])('%s → 400 naming %s', async (query, pointer) => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.viewer, 'GET', `/api/leads/${id}/timeline${query}`);
    expect(res.status).toBe(400);
    expect(
      (await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors.map((e) => e.pointer),
    ).toContain(pointer);
  });
});

describe('GET /api/leads/duplicates/check', () => {
  async function arrangePeople() {
    const { org, sessions } = await orgWithSessions(t);
    const ids = {
      email: await seedLead(t, org, {
        firstName: 'Jan',
        lastName: 'Novák',
        company: 'Acme s.r.o.',
        email: 'jan@acme.cz',
      }),
      phone: await seedLead(t, org, {
        firstName: 'Eva',
        lastName: 'Svobodová',
        company: 'Beta',
        phone: '+420 601 999 888',
      }),
      fuzzy: await seedLead(t, org, { firstName: 'Jana', lastName: 'Dvořáková', company: 'Gamma a.s.' }),
      deleted: await seedLead(t, org, { lastName: 'Gone', email: 'gone@acme.cz' }, { deletedAt: new Date() }),
    };
    const { org: other } = await orgWithSessions(t);
    await seedLead(t, other, {
      firstName: 'Jan',
      lastName: 'Novák',
      company: 'Acme s.r.o.',
      email: 'jan@acme.cz',
    });
    return { sessions, ids };
  }

  it.each<[string, keyof Awaited<ReturnType<typeof arrangePeople>>['ids'] | null, string | null]>([
    ['email=JAN%40ACME.CZ', 'email', 'email-exact'],
    ['phone=601%20999%20888', 'phone', 'phone-exact'],
    ['first=Jana&last=Dvorakova&company=Gamma', 'fuzzy', 'name-company-fuzzy'],
    ['first=Jana&last=Dvorakova', null, null],
    ['last=Nobody&company=Nowhere', null, null],
    ['email=gone%40acme.cz', null, null],
  ])('%s', async (query, which, rule) => {
    const { sessions, ids } = await arrangePeople();
    const res = await call(t, sessions.member, 'GET', `/api/leads/duplicates/check?${query}`);
    expect(res.status).toBe(200);
    const { matches } = await bodyOf<{ matches: DuplicateMatch[] }>(res);
    expect(matches.map((m) => [m.id, m.rule])).toEqual(which ? [[ids[which], rule]] : []);
  });

  it('lists an exact match before a fuzzy one for the same input', async () => {
    const { sessions, ids } = await arrangePeople();
    const res = await call(
      t,
      sessions.member,
      'GET',
      '/api/leads/duplicates/check?email=jan%40acme.cz&first=Jana&last=Dvořáková&company=Gamma',
    );
    const { matches } = await bodyOf<{ matches: DuplicateMatch[] }>(res);
    expect(matches.map((m) => m.id)).toEqual([ids.email, ids.fuzzy]);
  });

  it.each([
    ['', '/last'],
    ['email=not-an-email', '/email'],
    [`last=${'x'.repeat(201)}`, '/last'],
  ])('%j → 400 naming %s', async (query, pointer) => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.member, 'GET', `/api/leads/duplicates/check?${query}`);
    expect(res.status).toBe(400);
    expect(
      (await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors.map((e) => e.pointer),
    ).toContain(pointer);
  });
});
