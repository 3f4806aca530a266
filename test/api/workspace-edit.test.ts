import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadDetail } from '../../edge/contract/leads';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

/** A fresh org with a lead assigned to its member. */
async function arrange(raw: Parameters<typeof seedLead>[2] = { lastName: 'Novák', firstName: 'Jan' }) {
  const { org, sessions } = await orgWithSessions(t);
  const id = await seedLead(t, org, raw, { assignedTo: org.users.member.id });
  return { org, sessions, id };
}

describe('PATCH /api/leads/:id', () => {
  it('edits fields, refreshes search and score, bumps the version and records before/after', async () => {
    const { sessions, id } = await arrange({ lastName: 'Novak', firstName: 'Jan', title: 'Engineer' });
    const res = await call(t, sessions.member, 'PATCH', `/api/leads/${id}`, {
      version: 1,
      lastName: ' Dvořák ',
      company: 'Škoda Auto',
      title: 'CEO',
      city: null,
      custom: { seats: '12' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const lead = await bodyOf<LeadDetail>(res);
    expect(lead).toMatchObject({
      lastName: 'Dvořák',
      company: 'Škoda Auto',
      title: 'CEO',
      version: 2,
      custom: { seats: '12' },
    });
    expect(lead.score).toBeGreaterThan(0);
    const [row] = await t.sql<{ search_text: string; company_key: string }>(
      'select search_text, company_key from leads where id = $1',
      [id],
    );
    expect(row).toEqual({ search_text: 'jan dvorak skoda auto', company_key: 'skoda auto' });
    const events = await eventsOf(t, id);
    expect(events.at(-1)).toMatchObject({
      type: 'updated',
      actor_type: 'user',
      actor_id: sessions.member.userId,
      data: {
        version: 2,
        changes: {
          lastName: { from: 'Novak', to: 'Dvořák' },
          company: { from: null, to: 'Škoda Auto' },
          title: { from: 'Engineer', to: 'CEO' },
          custom: { from: {}, to: { seats: '12' } },
          score: { from: 0, to: lead.score },
        },
      },
    });
  });

  it('changes email and phone encrypted, and the event only says that they changed', async () => {
    const { sessions, id } = await arrange({ lastName: 'Novak', email: 'old@example.cz' });
    const res = await call(
      t,
      sessions.admin,
      'PATCH',
      `/api/leads/${id}`,
      { email: 'New.Address@Example.CZ', phone: '601 123 456' },
      { 'if-match': '"1"' },
    );
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({
      email: 'new.address@example.cz',
      phone: '+420601123456',
      phoneValid: true,
    });
    const [event] = (await eventsOf(t, id)).slice(-1);
    expect(event!.data.changes).toEqual({ email: { changed: true }, phone: { changed: true } });
    const dump = JSON.stringify(await t.sql('select * from lead_events where lead_id = $1', [id]));
    expect(dump).not.toMatch(/example\.cz|601\s?123|420601/i);
    const stored = JSON.stringify(await t.sql('select * from leads where id = $1', [id]));
    expect(stored).not.toMatch(/new\.address|601123456/i);
  });

  it('writes nothing and keeps the version when nothing changes', async () => {
    const { sessions, id } = await arrange({ lastName: 'Novak', city: 'Brno' });
    const res = await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, {
      version: 1,
      city: ' Brno ',
      lastName: 'Novak',
    });
    expect(res.status).toBe(200);
    expect((await bodyOf<LeadDetail>(res)).version).toBe(1);
    expect((await eventsOf(t, id)).map((e) => e.type)).not.toContain('updated');
  });

  it('refuses a stale version with 409 and the current record, and overwrites nothing', async () => {
    const { sessions, id } = await arrange();
    const first = await call(t, sessions.member, 'PATCH', `/api/leads/${id}`, { version: 1, title: 'CTO' });
    expect(first.status).toBe(200);
    const second = await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, {
      version: 1,
      title: 'Intern',
    });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(second.headers.get('etag')).toBe('"2"');
    const problem = await bodyOf<{ code: string; current: LeadDetail }>(second);
    expect(problem.code).toBe('version-conflict');
    expect(problem.current).toMatchObject({ id, title: 'CTO', version: 2 });
    const viaHeader = await call(
      t,
      sessions.admin,
      'PATCH',
      `/api/leads/${id}`,
      { title: 'Intern' },
      { 'if-match': 'W/"1"' },
    );
    expect(viaHeader.status).toBe(409);
    expect((await eventsOf(t, id)).filter((e) => e.type === 'updated')).toHaveLength(1);
  });

  it.each([
    [{ title: 'CTO' }, {}, 428, 'version-required'],
    [{ title: 'CTO' }, { 'if-match': '*' }, 400, 'invalid-parameter'],
    [{ version: 1, status: 'LOST' }, {}, 422, 'validation-failed'],
    [{ version: 1, lastName: '' }, {}, 422, 'validation-failed'],
    [{ version: 1, email: 'not-an-email' }, {}, 422, 'validation-failed'],
    [{ version: 1, employees: -3 }, {}, 422, 'validation-failed'],
    [{ version: '1' }, {}, 422, 'validation-failed'],
  ])('%j %j → %i %s', async (payload, headers, status, code) => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, payload, headers);
    expect(res.status).toBe(status);
    expect((await bodyOf(res)).code).toBe(code);
  });

  it('answers 409 naming the field when another lead has the email', async () => {
    const { org, sessions, id } = await arrange();
    await seedLead(t, org, { lastName: 'Other', email: 'taken@example.cz' });
    const res = await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, {
      version: 1,
      email: 'TAKEN@example.cz',
    });
    expect(res.status).toBe(409);
    const problem = await bodyOf<{ code: string; errors: Array<{ pointer: string }> }>(res);
    expect(problem.code).toBe('duplicate-lead');
    expect(problem.errors[0]!.pointer).toBe('/email');
  });

  it('rejects malformed JSON and wrong content types without a 500', async () => {
    const { sessions, id } = await arrange();
    const headers = { ...sessions.admin.headers, 'content-type': 'application/json' };
    const bad = await t.app.request(`/api/leads/${id}`, { method: 'PATCH', headers, body: '{"version":' });
    expect(bad.status).toBe(400);
    const text = await t.app.request(`/api/leads/${id}`, {
      method: 'PATCH',
      headers: { ...sessions.admin.headers, 'content-type': 'text/plain' },
      body: 'version=1',
    });
    expect(text.status).toBeLessThan(500);
  });
});

describe('DELETE /api/leads/:id', () => {
  it('soft-deletes: gone from list and detail, row and history kept, email free again', async () => {
    const { org, sessions, id } = await arrange({ lastName: 'Novak', email: 'gone@example.cz' });
    const res = await call(t, sessions.member, 'DELETE', `/api/leads/${id}`);
    expect(res.status).toBe(204);
    expect((await call(t, sessions.viewer, 'GET', `/api/leads/${id}`)).status).toBe(404);
    expect(
      (await bodyOf<{ items: unknown[] }>(await call(t, sessions.viewer, 'GET', '/api/leads'))).items,
    ).toEqual([]);
    expect((await call(t, sessions.member, 'DELETE', `/api/leads/${id}`)).status).toBe(404);
    const [row] = await t.sql<{ deleted_at: Date | null }>('select deleted_at from leads where id = $1', [
      id,
    ]);
    expect(row!.deleted_at).not.toBeNull();
    expect((await eventsOf(t, id)).at(-1)).toMatchObject({
      type: 'deleted',
      actor_id: sessions.member.userId,
    });
    await expect(seedLead(t, org, { lastName: 'Again', email: 'gone@example.cz' })).resolves.toBeTruthy();
  });

  it('honours If-Match', async () => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'DELETE', `/api/leads/${id}`, undefined, { 'if-match': '"7"' });
    expect(res.status).toBe(409);
    expect((await call(t, sessions.admin, 'GET', `/api/leads/${id}`)).status).toBe(200);
  });
});

describe('tags', () => {
  it('adds (skipping any it has in another case), removes in any case, and records both', async () => {
    const { sessions, id } = await arrange();
    const added = await call(t, sessions.member, 'POST', `/api/leads/${id}/tags`, {
      tags: [' Hot  Lead ', 'VIP', 'vip'],
    });
    expect(added.status).toBe(200);
    expect(await bodyOf(added)).toEqual({ tags: ['Hot Lead', 'VIP'], version: 2 });
    const again = await call(t, sessions.member, 'POST', `/api/leads/${id}/tags`, { tags: ['hot lead'] });
    expect(await bodyOf(again)).toEqual({ tags: ['Hot Lead', 'VIP'], version: 2 });
    const removed = await call(
      t,
      sessions.member,
      'DELETE',
      `/api/leads/${id}/tags/${encodeURIComponent('hot lead')}`,
    );
    expect(await bodyOf(removed)).toEqual({ tags: ['VIP'], version: 3 });
    const tagEvents = (await eventsOf(t, id)).filter((e) => e.type === 'tags_changed').map((e) => e.data);
    expect(tagEvents).toEqual([
      { added: ['Hot Lead', 'VIP'], removed: [], from: [], to: ['Hot Lead', 'VIP'], version: 2 },
      { added: [], removed: ['Hot Lead'], from: ['Hot Lead', 'VIP'], to: ['VIP'], version: 3 },
    ]);
  });

  it.each([
    [{ tags: [] }, '/tags'],
    [{ tags: [''] }, '/tags/0'],
    [{ tags: ['x'.repeat(51)] }, '/tags/0'],
    [{ tags: 'VIP' }, '/tags'],
  ])('%j → 422 at %s', async (payload, pointer) => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/tags`, payload);
    expect(res.status).toBe(422);
    expect((await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors[0]!.pointer).toBe(pointer);
  });

  it('suggests the organization’s tags by prefix, most used first', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { lastName: 'A' }, { tags: ['VIP', 'Veranstaltung'] });
    await seedLead(t, org, { lastName: 'B' }, { tags: ['VIP', 'Hot'] });
    await seedLead(t, org, { lastName: 'C' }, { tags: ['vip-old'], deletedAt: new Date() });
    const { org: other } = await orgWithSessions(t);
    await seedLead(t, other, { lastName: 'D' }, { tags: ['Vertraulich'] });
    const res = await call(t, sessions.viewer, 'GET', '/api/tags?q=v');
    expect(await bodyOf(res)).toEqual({
      items: [
        { tag: 'VIP', count: 2 },
        { tag: 'Veranstaltung', count: 1 },
      ],
    });
    const all = await bodyOf<{ items: unknown[] }>(await call(t, sessions.viewer, 'GET', '/api/tags'));
    expect(all.items).toHaveLength(3);
    expect((await call(t, sessions.viewer, 'GET', '/api/tags?q=%25')).status).toBe(200);
    expect((await call(t, sessions.viewer, 'GET', '/api/tags?limit=0')).status).toBe(400);
  });
});

describe('input a client can send never gets a 500', () => {
  const NUL = '\u0000';
  it.each<[string, string, (id: string) => string, unknown, number]>([
    ['search with NUL', 'GET', () => `/api/leads?q=${encodeURIComponent(`no${NUL}vak`)}`, undefined, 400],
    ['source with NUL', 'GET', () => `/api/leads?source=${encodeURIComponent(NUL)}`, undefined, 400],
    ['lead id with NUL', 'GET', (id) => `/api/leads/${encodeURIComponent(id + NUL)}`, undefined, 400],
    ['a malformed lead id', 'GET', () => '/api/leads/..%2F..%2Fetc', undefined, 400],
    ['title with NUL', 'PATCH', (id) => `/api/leads/${id}`, { version: 1, title: `C${NUL}TO` }, 422],
    ['custom key with NUL', 'PATCH', (id) => `/api/leads/${id}`, { version: 1, custom: { [NUL]: 'x' } }, 422],
    ['a huge version', 'PATCH', (id) => `/api/leads/${id}`, { version: 1e300, title: 'x' }, 422],
    ['note with NUL', 'POST', (id) => `/api/leads/${id}/notes`, { body: `hi${NUL}` }, 422],
    ['tag with NUL', 'POST', (id) => `/api/leads/${id}/tags`, { tags: [`V${NUL}IP`] }, 422],
    [
      'tag path with NUL',
      'DELETE',
      (id) => `/api/leads/${id}/tags/${encodeURIComponent(NUL)}`,
      undefined,
      400,
    ],
    [
      'loss text with NUL',
      'POST',
      (id) => `/api/leads/${id}/status`,
      { status: 'LOST', lossReason: 'OTHER', lossReasonText: NUL },
      422,
    ],
    ['assignee with NUL', 'POST', (id) => `/api/leads/${id}/assign`, { assigneeId: `usr${NUL}` }, 422],
    [
      'duplicate check with NUL',
      'GET',
      () => `/api/leads/duplicates/check?last=${encodeURIComponent(NUL)}`,
      undefined,
      400,
    ],
    ['timeline from year 0', 'GET', (id) => `/api/leads/${id}/timeline?from=0000-01-01`, undefined, 400],
    ['tag suggestions with NUL', 'GET', () => `/api/tags?q=${encodeURIComponent(NUL)}`, undefined, 400],
    ['saved view name with NUL', 'POST', () => '/api/saved-views', { name: NUL, filter: {} }, 422],
    [
      'saved view filter with NUL',
      'POST',
      () => '/api/saved-views',
      { name: 'x', filter: { q: `a${NUL}b` } },
      422,
    ],
  ])('%s', async (_name, method, path, body, status) => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.admin, method, path(id), body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
