import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FIELDS } from '../../edge/core/export';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

type ExportAudit = {
  actor_id: string;
  data: { count: number; pii: boolean; format: string; complete: boolean; filter: Record<string, unknown> };
};

function exportAudits(organizationId: string) {
  return t.sql<ExportAudit>(
    `select actor_id, data from lead_events where organization_id = $1 and type = 'exported' and entity_type = 'lead_export' order by id`,
    [organizationId],
  );
}

function parseCsv(text: string) {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
}

/** Three leads a minute apart: the newest is a formula attack, with email and phone. */
async function arrange() {
  const { org, sessions } = await orgWithSessions(t);
  const at = (m: number) => new Date(Date.UTC(2026, 0, 10, 9, m));
  const oldest = await seedLead(t, org, { lastName: 'Novák', firstName: 'Jan' }, { createdAt: at(0) });
  const middle = await seedLead(
    t,
    org,
    { lastName: 'Шевченко', company: 'Київ, "Ltd"' },
    { createdAt: at(1), status: 'CONTACTED' },
  );
  const newest = await seedLead(
    t,
    org,
    {
      lastName: 'Evil',
      firstName: '=HYPERLINK("http://x.test","click")',
      company: '+1-2',
      email: 'evil@example.test',
      phone: '+420601123456',
    },
    { createdAt: at(2), tags: ['@vip', 'b'] },
  );
  return { org, sessions, ids: { oldest, middle, newest } };
}

describe('GET /api/leads/export', () => {
  it('streams CSV with a BOM, every standard field, newest first, formulas neutralised, PII for an admin', async () => {
    const { org, sessions, ids } = await arrange();
    const res = await call(t, sessions.admin, 'GET', '/api/leads/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="leads-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe(EXPORT_FIELDS.join(','));
    const { data, errors } = parseCsv(text);
    expect(errors).toEqual([]);
    expect(data.map((r) => r.id)).toEqual([ids.newest, ids.middle, ids.oldest]);
    expect(data[0]).toMatchObject({
      firstName: `'=HYPERLINK("http://x.test","click")`,
      company: "'+1-2",
      email: 'evil@example.test',
      phone: "'+420601123456",
      tags: "'@vip; b",
      status: 'NEW',
    });
    expect(data[1]).toMatchObject({ lastName: 'Шевченко', company: 'Київ, "Ltd"', status: 'CONTACTED' });
    const [audit] = await exportAudits(org.organizationId);
    expect(audit).toMatchObject({
      actor_id: sessions.admin.userId,
      data: { count: 3, pii: true, format: 'csv', complete: true },
    });
  });

  it('leaves email and phone empty for members and viewers', async () => {
    const { sessions } = await arrange();
    for (const role of ['member', 'viewer'] as const) {
      const res = await call(t, sessions[role], 'GET', '/api/leads/export');
      const { data } = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
      expect(data).toHaveLength(3);
      expect(data.every((r) => r.email === '' && r.phone === '')).toBe(true);
    }
  });

  it('exports JSON for the same filter as the list, and audits the filter and count', async () => {
    const { org, sessions, ids } = await arrange();
    const res = await call(t, sessions.owner, 'GET', '/api/leads/export?format=json&status=NEW');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const rows = await bodyOf<Array<Record<string, unknown>>>(res);
    expect(rows.map((r) => r.id)).toEqual([ids.newest, ids.oldest]);
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_FIELDS]);
    expect(rows[0]).toMatchObject({
      email: 'evil@example.test',
      tags: ['@vip', 'b'],
      firstName: '=HYPERLINK("http://x.test","click")',
    });
    const [audit] = await exportAudits(org.organizationId);
    expect(audit!.data).toMatchObject({ count: 2, format: 'json', filter: { status: ['NEW'] } });
  });

  it('pages by keyset across batches: every lead once, in order, even with equal timestamps', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await t.sql(
      `insert into leads (id, organization_id, last_name, created_at)
       select 'lead_' || lpad(g::text, 5, '0'), $1, 'Bulk ' || g, timestamptz '2026-01-01' + (g / 7) * interval '1 microsecond'
       from generate_series(1, 4500) g`,
      [org.organizationId],
    );
    const res = await call(t, sessions.viewer, 'GET', '/api/leads/export?format=json');
    const rows = await bodyOf<Array<{ id: string; createdAt: string }>>(res);
    expect(rows).toHaveLength(4500);
    expect(new Set(rows.map((r) => r.id)).size).toBe(4500);
    const expected = await t.sql<{ id: string }>(
      'select id from leads where organization_id = $1 order by created_at desc, id asc',
      [org.organizationId],
    );
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect((await exportAudits(org.organizationId))[0]!.data.count).toBe(4500);
  });

  it('exports nothing of another organization, and refuses bad parameters with problem+json', async () => {
    await arrange();
    const { sessions } = await orgWithSessions(t);
    const empty = await call(t, sessions.admin, 'GET', '/api/leads/export?format=json');
    expect(await bodyOf(empty)).toEqual([]);
    for (const query of ['format=xml', 'q=a', 'status=NOPE', 'bogus=1']) {
      const res = await call(t, sessions.admin, 'GET', `/api/leads/export?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call(t, null, 'GET', '/api/leads/export')).status).toBe(401);
  });
});

describe('GET /api/leads/:id/export (GDPR)', () => {
  it('gives an admin the person: lead with PII, notes, tasks, events, documents; recorded as an event', async () => {
    const { sessions, ids } = await arrange();
    await call(t, sessions.admin, 'POST', `/api/leads/${ids.newest}/notes`, { body: 'Called, no answer' });
    const task = await call(t, sessions.admin, 'POST', `/api/leads/${ids.newest}/tasks`, {
      title: 'Send the offer',
      note: 'She asked for the price list',
      dueAt: '2026-02-01T09:00:00.000Z',
    });
    expect(task.status, await task.clone().text()).toBe(201);
    const res = await call(t, sessions.admin, 'GET', `/api/leads/${ids.newest}/export`);
    expect(res.status).toBe(200);
    const body = await bodyOf<{
      lead: Record<string, unknown>;
      notes: Array<{ body: string }>;
      events: Array<{ type: string }>;
      documents: unknown[];
      tasks: Array<Record<string, unknown>>;
    }>(res);
    expect(body.tasks).toEqual([
      expect.objectContaining({
        title: 'Send the offer',
        note: 'She asked for the price list',
        dueAt: '2026-02-01T09:00:00.000Z',
        doneAt: null,
      }),
    ]);
    expect(body.lead).toMatchObject({ id: ids.newest, email: 'evil@example.test', phone: '+420601123456' });
    expect(body.notes.map((n) => n.body)).toEqual(['Called, no answer']);
    expect(body.events.map((e) => e.type)).toContain('note_added');
    expect(body.documents).toEqual([]);
    expect((await eventsOf(t, ids.newest)).at(-1)!.type).toBe('exported');
  });

  it('is for admins and owners (403 for a member), and 404 for another organization’s lead', async () => {
    const { sessions, ids } = await arrange();
    expect((await call(t, sessions.member, 'GET', `/api/leads/${ids.oldest}/export`)).status).toBe(403);
    const other = await orgWithSessions(t);
    expect((await call(t, other.sessions.admin, 'GET', `/api/leads/${ids.oldest}/export`)).status).toBe(404);
  });
});
