import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { auditRetentionJob } from '../../edge/jobs/audit-retention';
import { runDueJobs } from '../../edge/jobs/run-due';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session } from '../support/workspace';

type Entry = {
  id: string;
  at: string;
  type: string;
  actor: { type: string; id: string | null; name: string | null };
  entity: { type: string; id: string | null };
  leadId: string | null;
  data: Record<string, unknown>;
};
type Page = { items: Entry[]; nextCursor: string | null };

let t: TestApi;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
});
afterAll(() => t?.close());

const DAY = 86_400_000;

/** Arranges an event as a service would have written it, at a chosen time. */
async function event(
  org: TestOrg,
  e: { type: string; at: Date; entityType?: string; entityId?: string; leadId?: string; actorId?: string },
) {
  const [row] = await t.sql<{ id: string }>(
    `insert into lead_events (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, '{}', $8) returning id::text`,
    [
      org.organizationId,
      e.leadId ?? null,
      e.entityType ?? 'lead',
      e.entityId ?? e.leadId ?? null,
      e.type,
      e.actorId ? 'user' : 'system',
      e.actorId ?? null,
      e.at.toISOString(),
    ],
  );
  return row!.id;
}

const page = async (s: Session, query = '') => {
  const res = await call(t, s, 'GET', `/api/audit${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return bodyOf<Page>(res);
};

/** Every event matching the query, page by page. */
async function allPages(s: Session, query: string): Promise<Entry[]> {
  const items: Entry[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await page(s, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return items;
}

/** Parses the CSV the export answers (no quoted newlines in these fixtures). */
function csvLines(text: string): string[] {
  return text.split('\r\n').filter(Boolean);
}

describe('the audit log', () => {
  it('shows every kind of event of the organization newest first: sign-ins, settings, people, exports', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await call(t, sessions.admin, 'PATCH', '/api/organization', { timezone: 'Europe/Prague' });
    const invited = await call(t, sessions.admin, 'POST', '/api/invitations', {
      email: 'new.person@example.test',
      role: 'viewer',
    });
    expect(invited.status).toBe(201);
    const exported = await call(t, sessions.admin, 'GET', '/api/leads/export?format=csv');
    await exported.text();
    const report = await call(t, sessions.admin, 'GET', '/api/reports/funnel?format=csv');
    await report.text();

    const { items } = await page(sessions.admin, '?limit=100');
    const types = items.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['session.created', 'organization.updated', 'invitation.created', 'exported']),
    );
    const times = items.map((e) => `${e.at}|${e.id.padStart(12, '0')}`);
    expect(times).toEqual([...times].sort().reverse());
    const settings = items.find((e) => e.type === 'organization.updated')!;
    expect(settings).toMatchObject({
      actor: { type: 'user', id: org.users.admin.id, name: expect.stringContaining('admin') },
      entity: { type: 'organization', id: org.organizationId },
      data: { before: { timezone: expect.any(String) }, after: { timezone: 'Europe/Prague' } },
    });
    const exports = items.filter((e) => e.type === 'exported').map((e) => e.entity.type);
    expect(exports.sort()).toEqual(['lead_export', 'report']);
    const signIns = items.filter((e) => e.type === 'session.created').map((e) => e.actor.id);
    expect(new Set(signIns)).toEqual(new Set(Object.values(org.users).map((u) => u.id)));
  });

  it('filters by action, actor, entity and date range; pages by keyset without gaps or repeats', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const base = new Date('2026-05-10T12:00:00Z');
    const admin = org.users.admin.id;
    // Five events in the same microsecond, and others around them: the cursor must not skip or repeat.
    const same = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        event(org, { type: 'form.updated', at: base, entityType: 'form', entityId: 'frm_a' }),
      ),
    );
    const older = await event(org, {
      type: 'form.updated',
      at: new Date(base.getTime() - 3 * DAY),
      entityType: 'form',
      entityId: 'frm_b',
      actorId: admin,
    });
    const newer = await event(org, {
      type: 'status_changed',
      at: new Date(base.getTime() + DAY),
      leadId: 'lead_x',
      actorId: admin,
    });
    const leadNote = await event(org, {
      type: 'note_added',
      at: new Date(base.getTime() + 2 * DAY),
      leadId: 'lead_x',
      entityType: 'note',
      entityId: 'note_1',
    });

    const ids = async (q: string) => (await allPages(sessions.admin, q)).map((e) => e.id);
    const paged = await ids('?action=form.updated&limit=2');
    expect(paged).toEqual([...same].sort((a, b) => Number(b) - Number(a)).concat(older));
    expect(await ids('?action=form.updated,status_changed&limit=3')).toEqual([
      newer,
      ...[...same].sort((a, b) => Number(b) - Number(a)),
      older,
    ]);
    expect(await ids(`?actorType=user&actorId=${admin}&from=2026-05-01&to=2026-05-31`)).toEqual([
      newer,
      older,
    ]);
    expect(await ids('?entityType=form&entityId=frm_b')).toEqual([older]);
    expect((await ids('?entityType=form&to=2026-05-10')).length).toBe(6);
    // A lead as the entity: its whole timeline, the note on it included.
    expect(await ids('?entityType=lead&entityId=lead_x')).toEqual([leadNote, newer]);
    expect(await ids('?actorType=system&from=2026-05-11&to=2026-05-31')).toEqual([leadNote]);
    expect(await ids('?from=2026-05-11&to=2026-05-11')).toEqual([newer]);
  });

  it.each([
    ['?action=DROP%20TABLE', '/action'],
    ['?actorType=robot', '/actorType'],
    ['?entityId=frm_a', '/entityId'],
    ['?actorId=usr_1', '/actorId'],
    ['?from=2026-05-10&to=2026-05-01', '/to'],
    ['?from=yesterday', '/from'],
    ['?cursor=not-a-cursor', '/cursor'],
    ['?limit=1000', '/limit'],
  ])('refuses %s with a 400 naming the parameter', async (query, pointer) => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.admin, 'GET', `/api/audit${query}`);
    expect(res.status).toBe(400);
    const body = await bodyOf<{ code: string; errors: Array<{ pointer: string }> }>(res);
    expect(body.code).toBe('invalid-parameter');
    expect(body.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it.each(['member', 'viewer'] as const)('a %s may not read, export or configure it (403)', async (role) => {
    const { sessions } = await orgWithSessions(t);
    for (const [method, path, body] of [
      ['GET', '/api/audit'],
      ['GET', '/api/audit/export'],
      ['GET', '/api/audit/settings'],
      ['PUT', '/api/audit/settings', { retentionDays: 400 }],
    ] as const) {
      const res = await call(t, sessions[role], method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it("never shows another organization's events, not even by its entity ids", async () => {
    const mine = await orgWithSessions(t);
    const theirs = await orgWithSessions(t);
    await call(t, theirs.sessions.admin, 'PATCH', '/api/organization', { name: 'Theirs' });
    const leaked = await allPages(mine.sessions.owner, '?limit=100');
    expect(leaked.length).toBeGreaterThan(0);
    const foreign = new Set(Object.values(theirs.org.users).map((u) => u.id));
    expect(
      leaked.filter((e) => foreign.has(e.actor.id ?? '') || e.entity.id === theirs.org.organizationId),
    ).toEqual([]);
    const byEntity = await page(
      mine.sessions.owner,
      `?entityType=organization&entityId=${theirs.org.organizationId}`,
    );
    expect(byEntity.items).toEqual([]);
    expect(
      (await page(mine.sessions.owner, `?actorType=user&actorId=${theirs.org.users.admin.id}`)).items,
    ).toEqual([]);
  });

  it('shows a resubmission’s sealed email in clear to admins, while the database keeps it sealed', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const submit = (email: string) =>
      call(t, null, 'POST', `/v1/forms/${org.formId}/submissions`, {
        lastName: 'Dvořák',
        email,
        phone: '+420 601 234 567',
      });
    expect((await submit('first@example.test')).status).toBe(201);
    expect((await submit('second.address@example.test')).status).toBe(201);
    const stored = await t.sql<{ data: string }>(
      `select data::text from lead_events where organization_id = $1 and type = 'resubmitted'`,
      [org.organizationId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data).not.toContain('second.address');
    const [shown] = (await page(sessions.admin, '?action=resubmitted')).items;
    expect(shown!.data.conflicts).toEqual([{ field: 'email', submitted: 'second.address@example.test' }]);
  });
});

describe('the audit log in the OpenAPI document', () => {
  it('describes its four operations with named schemas', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/api/audit']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/audit/export']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/audit/settings']!).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths['/api/audit']!.get!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['AuditEvent', 'AuditPage', 'AuditSettings', 'UpdateAuditSettings']),
    );
  });
});

describe('the audit log export', () => {
  it('streams the filtered log as formula-safe CSV and audits the export', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await t.sql('update users set name = $1 where id = $2', [
      '=HYPERLINK("http://evil.test")',
      org.users.admin.id,
    ]);
    await call(t, sessions.admin, 'PATCH', '/api/organization', { name: '@SUM(1+1)' });
    const res = await call(t, sessions.owner, 'GET', '/api/audit/export?action=organization.updated');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvLines(new TextDecoder().decode(bytes));
    expect(header).toBe('id,at,action,actorType,actorId,actorName,entityType,entityId,leadId,data');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(
      `,organization.updated,user,${org.users.admin.id},"'=HYPERLINK(""http://evil.test"")",`,
    );
    expect(rows[0]).toContain('""name"":""@SUM(1+1)""');

    const exports = (await page(sessions.admin, '?action=exported&entityType=audit_export')).items;
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({
      actor: { type: 'user', id: org.users.owner.id },
      data: { format: 'csv', count: 1, complete: true, filter: { action: ['organization.updated'] } },
    });
  });

  it('exports every matching event across batches, newest first', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await t.sql(
      `insert into lead_events (organization_id, entity_type, type, actor_type, data, created_at)
       select $1, 'form', 'bulk.test', 'system', jsonb_build_object('n', g), now() - g * interval '1 second'
       from generate_series(1, 2500) g`,
      [org.organizationId],
    );
    const text = await (await call(t, sessions.admin, 'GET', '/api/audit/export?action=bulk.test')).text();
    const rows = csvLines(text).slice(1);
    expect(rows).toHaveLength(2500);
    expect(rows[0]).toContain('""n"":1}');
    expect(rows.at(-1)).toContain('""n"":2500}');
  });
});

describe('the audit log retention', () => {
  it('is seven years unless an admin sets it, within one to ten years; a change is audited', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const read = await call(t, sessions.admin, 'GET', '/api/audit/settings');
    expect(await read.json()).toEqual({
      retentionDays: 2557,
      retentionBounds: { min: 365, max: 3653, default: 2557 },
    });
    for (const retentionDays of [364, 3654, 1.5, '400']) {
      const res = await call(t, sessions.admin, 'PUT', '/api/audit/settings', { retentionDays });
      expect(res.status).toBe(422);
      const body = await bodyOf<{ errors: Array<{ pointer: string }> }>(res);
      expect(body.errors.map((e) => e.pointer)).toEqual(['/retentionDays']);
    }
    const set = await call(t, sessions.owner, 'PUT', '/api/audit/settings', { retentionDays: 400 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ retentionDays: 400 });
    const [changed] = (await page(sessions.admin, '?action=organization.updated')).items;
    expect(changed).toMatchObject({
      actor: { id: org.users.owner.id },
      data: { before: { auditRetentionDays: 2557 }, after: { auditRetentionDays: 400 } },
    });
  });

  it('the daily job deletes only events past each organization’s retention, and says so (injected clock)', async () => {
    const short = await orgWithSessions(t);
    const long = await orgWithSessions(t);
    await call(t, short.sessions.admin, 'PUT', '/api/audit/settings', { retentionDays: 400 });
    // Ten days from today: the sign-ins that arranged the organizations stay well within every retention.
    const now = new Date(Math.floor(Date.now() / DAY + 10) * DAY + 4 * 3_600_000);
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    const expired = await event(short.org, { type: 'old.event', at: at(401) });
    const kept = await event(short.org, { type: 'old.event', at: at(399) });
    const longKept = await event(long.org, { type: 'old.event', at: at(2000) });
    const longExpired = await event(long.org, { type: 'old.event', at: at(2600) });

    const outcomes = await runDueJobs(t.deps, t.db, [auditRetentionJob], now);
    expect(outcomes).toEqual([expect.objectContaining({ name: 'audit-retention', ok: true })]);
    const left = await t.sql<{ id: string }>(
      `select id::text from lead_events where type = 'old.event' and organization_id in ($1, $2) order by id`,
      [short.org.organizationId, long.org.organizationId],
    );
    expect(left.map((r) => r.id)).toEqual([kept, longKept]);
    expect(left.map((r) => r.id)).not.toContain(expired);
    expect(left.map((r) => r.id)).not.toContain(longExpired);
    const [purged] = (await page(short.sessions.admin, '?action=audit.purged')).items;
    expect(purged).toMatchObject({
      actor: { type: 'system', id: null },
      data: { count: 1, retentionDays: 400, before: at(400).toISOString() },
    });
    // The same day again: nothing more to delete, no second purge event.
    await runDueJobs(t.deps, t.db, [auditRetentionJob], new Date(now.getTime() + 3_600_000));
    expect((await page(short.sessions.admin, '?action=audit.purged')).items).toHaveLength(1);
  });
});

describe('the audit log on the embedded database (PGlite)', () => {
  let e: TestApi;
  beforeAll(async () => {
    e = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } }, { database: 'pglite' });
  }, 120_000);
  afterAll(() => e?.close());

  it('lists, filters, pages and exports, and the retention job runs', async () => {
    const { org, sessions } = await orgWithSessions(e);
    await call(e, sessions.admin, 'PATCH', '/api/organization', { name: '=Embedded' });
    const first = await bodyOf<Page>(await call(e, sessions.admin, 'GET', '/api/audit?limit=2'));
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ type: 'organization.updated', actor: { id: org.users.admin.id } });
    const rest = await bodyOf<Page>(
      await call(
        e,
        sessions.admin,
        'GET',
        `/api/audit?limit=100&cursor=${encodeURIComponent(first.nextCursor!)}`,
      ),
    );
    const all = [...first.items, ...rest.items];
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    expect(all.filter((x) => x.type === 'session.created')).toHaveLength(4);
    const csv = await (
      await call(e, sessions.admin, 'GET', '/api/audit/export?action=organization.updated')
    ).text();
    expect(csvLines(csv)).toHaveLength(2);
    expect(csv).toContain('""name"":""=Embedded""');
    await call(e, sessions.admin, 'PUT', '/api/audit/settings', { retentionDays: 365 });
    await e.sql(
      `insert into lead_events (organization_id, entity_type, type, actor_type, created_at)
       values ($1, 'form', 'old.event', 'system', now() - interval '400 days')`,
      [org.organizationId],
    );
    const outcomes = await runDueJobs(e.deps, e.db, [auditRetentionJob], new Date());
    expect(outcomes).toEqual([expect.objectContaining({ ok: true })]);
    const left = await e.sql(`select 1 from lead_events where type = 'old.event'`);
    expect(left).toEqual([]);
  });
});
