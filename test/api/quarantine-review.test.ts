import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { JOBS } from '../../edge/jobs';
import { quarantineSubmission } from '../../edge/services/ingest/spam';
import { sendQuarantineDigests } from '../../edge/services/quarantine/digest';
import { createTestOrg, postJson, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

type Headers = Record<string, string>;
type Problem = { code: string; errors?: Array<{ pointer: string; code: string }> };
type Held = {
  id: string;
  reason: string;
  payload: unknown;
  expiresAt: string | null;
  formName: string | null;
};

const DAY = 86_400_000;

function send(method: string, path: string, headers: Headers, body?: unknown) {
  const json: Headers = body === undefined ? {} : { 'content-type': 'application/json' };
  return t.app.request(path, { method, headers: { ...headers, ...json }, body: JSON.stringify(body) });
}

async function as(org: TestOrg, role: Role): Promise<Headers> {
  return (await signIn(t, org.users[role].email)).headers;
}

const hold = (org: TestOrg, lastName = 'Held', reason = 'honeypot') =>
  quarantineSubmission(t.deps, t.db, {
    organizationId: org.organizationId,
    formId: org.formId,
    channel: 'form',
    reason,
    payload: { firstName: 'Jana', lastName, email: `${lastName.toLowerCase()}@example.cz`, lg_hp: 'x' },
  });

const events = (org: TestOrg, type: string) =>
  t.sql<{ entity_id: string; actor_id: string | null; data: Record<string, unknown> }>(
    `select entity_id, actor_id, data from lead_events where organization_id = $1 and type = $2 order by id`,
    [org.organizationId, type],
  );

const heldRows = (org: TestOrg) =>
  t.sql<{ id: string; released_at: Date | null }>(
    'select id, released_at from quarantined_submissions where organization_id = $1 order by id',
    [org.organizationId],
  );

const leadCount = async (org: TestOrg) =>
  (
    await t.sql<{ n: number }>('select count(*)::int as n from leads where organization_id = $1', [
      org.organizationId,
    ])
  )[0]!.n;

describe('quarantine review', () => {
  it('lists why each is held and the submission as received, and records the read', async () => {
    const org = await createTestOrg(t);
    const bot = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Fast',
      email: 'fast@example.cz',
      lg_elapsed: 100,
    });
    expect([bot.status, ((await bot.json()) as { status: string }).status]).toEqual([201, 'received']);
    const admin = await as(org, 'admin');
    const { items } = (await (await send('GET', '/api/quarantine?status=held', admin)).json()) as {
      items: Held[];
    };
    expect(items).toEqual([
      expect.objectContaining({
        reason: 'too-fast',
        formName: 'Contact us',
        payload: { lastName: 'Fast', email: 'fast@example.cz', lg_elapsed: 100 },
      }),
    ]);
    const [held] = items;
    const [row] = await t.sql<{ created_at: Date }>(
      'select created_at from quarantined_submissions where id = $1',
      [held!.id],
    );
    expect(new Date(held!.expiresAt!).getTime()).toBe(row!.created_at.getTime() + 30 * DAY);
    expect(await events(org, 'quarantine.viewed')).toEqual([
      { entity_id: null, actor_id: org.users.admin.id, data: { ids: [held!.id] } },
    ]);
  });

  it('releases once under concurrent clicks, single and bulk alike: one lead, one event', async () => {
    const org = await createTestOrg(t);
    const id = await hold(org);
    const admin = await as(org, 'admin');
    const owner = await as(org, 'owner');
    const results = await Promise.all([
      send('POST', `/api/quarantine/${id}/release`, admin),
      send('POST', `/api/quarantine/${id}/release`, owner),
      send('POST', '/api/quarantine/bulk', admin, { action: 'release', ids: [id] }),
      send('POST', '/api/quarantine/bulk', owner, { action: 'release', ids: [id] }),
    ]);
    const singles = results.slice(0, 2).map((r) => r.status);
    const bulks = await Promise.all(
      results
        .slice(2)
        .map(async (r) => ((await r.json()) as { items: Array<{ outcome: string }> }).items[0]!),
    );
    const released =
      singles.filter((s) => s === 200).length + bulks.filter((b) => b.outcome === 'released').length;
    expect(released).toBe(1);
    expect(singles.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    expect(bulks.filter((b) => b.outcome !== 'released').map((b) => b.outcome)).toEqual(
      bulks.filter((b) => b.outcome !== 'released').map(() => 'already-released'),
    );
    expect(await leadCount(org)).toBe(1);
    expect(await events(org, 'submission.released')).toHaveLength(1);
    const created = await t.sql(
      "select count(*)::int as n from lead_events where organization_id = $1 and type = 'created'",
      [org.organizationId],
    );
    expect(created).toEqual([{ n: 1 }]);
  });

  it('discards: the row and its payload are gone, a tombstone without personal data stays', async () => {
    const org = await createTestOrg(t);
    const id = await hold(org, 'Discarded');
    const admin = await as(org, 'admin');
    const res = await send('POST', `/api/quarantine/${id}/discard`, admin);
    expect(res.status).toBe(204);
    expect(await heldRows(org)).toEqual([]);
    const tombstones = await events(org, 'submission.discarded');
    expect(tombstones).toEqual([
      {
        entity_id: id,
        actor_id: org.users.admin.id,
        data: { reason: 'honeypot', formId: org.formId, channel: 'form', receivedAt: expect.any(String) },
      },
    ]);
    expect(JSON.stringify(tombstones)).not.toMatch(/discarded@|Jana/i);
    // Gone: neither releasable nor discardable again.
    for (const action of ['release', 'discard']) {
      const again = await send('POST', `/api/quarantine/${id}/${action}`, admin);
      expect([again.status, ((await again.json()) as Problem).code]).toEqual([404, 'not-found']);
    }
    expect(await leadCount(org)).toBe(0);
  });

  it('a release and a discard at once: exactly one wins, and what stays agrees with it', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    for (let round = 0; round < 3; round++) {
      const id = await hold(org, `Race${round}`);
      const [release, discard] = await Promise.all([
        send('POST', `/api/quarantine/${id}/release`, admin),
        send('POST', `/api/quarantine/${id}/discard`, admin),
      ]);
      const statuses = [release.status, discard.status];
      expect([
        [200, 409],
        [404, 204],
      ]).toContainEqual(statuses);
      const row = (await heldRows(org)).find((r) => r.id === id);
      const lead = await t.sql('select 1 from leads where organization_id = $1 and last_name = $2', [
        org.organizationId,
        `Race${round}`,
      ]);
      if (statuses[0] === 200) expect([row?.released_at, lead.length]).toEqual([expect.any(Date), 1]);
      else expect([row, lead.length]).toEqual([undefined, 0]);
    }
  });

  it('a released submission cannot be discarded (409), and stays with its lead', async () => {
    const org = await createTestOrg(t);
    const id = await hold(org);
    const admin = await as(org, 'admin');
    expect((await send('POST', `/api/quarantine/${id}/release`, admin)).status).toBe(200);
    const res = await send('POST', `/api/quarantine/${id}/discard`, admin);
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([409, 'conflict']);
    expect(await heldRows(org)).toEqual([{ id, released_at: expect.any(Date) }]);
    expect(await events(org, 'submission.discarded')).toEqual([]);
  });

  it('bulk release and discard report each id; another organization’s ids are not found and untouched', async () => {
    const [org, other] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    const [a, b, c, d] = [
      await hold(org, 'Alpha'),
      await hold(org, 'Beta'),
      await hold(org, 'Gamma'),
      await hold(org, 'Delta'),
    ];
    const theirs = await hold(other);
    const admin = await as(org, 'admin');
    const release = await send('POST', '/api/quarantine/bulk', admin, {
      action: 'release',
      ids: [a, b, theirs],
    });
    expect(release.status).toBe(200);
    const released = (await release.json()) as {
      items: Array<{ id: string; outcome: string; leadId: string | null }>;
    };
    expect(released.items).toEqual([
      { id: a, outcome: 'released', leadId: expect.any(String) },
      { id: b, outcome: 'released', leadId: expect.any(String) },
      { id: theirs, outcome: 'not-found', leadId: null },
    ]);
    expect(await leadCount(org)).toBe(2);

    const discard = await send('POST', '/api/quarantine/bulk', admin, {
      action: 'discard',
      ids: [c, d, a, theirs],
    });
    expect(((await discard.json()) as { items: unknown[] }).items).toEqual([
      { id: c, outcome: 'discarded', leadId: null },
      { id: d, outcome: 'discarded', leadId: null },
      { id: a, outcome: 'already-released', leadId: null },
      { id: theirs, outcome: 'not-found', leadId: null },
    ]);
    expect((await events(org, 'submission.discarded')).map((e) => e.entity_id).sort()).toEqual([c, d].sort());
    expect(await heldRows(other)).toEqual([{ id: theirs, released_at: null }]);
    expect(await events(other, 'submission.discarded')).toEqual([]);
    expect(await leadCount(other)).toBe(0);
  });

  it.each([
    [{ action: 'release', ids: [] }, '/ids'],
    [{ action: 'release', ids: Array.from({ length: 101 }, (_, i) => `qtn_${i}`) }, '/ids'],
    [{ action: 'release', ids: ['qtn_1', 'qtn_1'] }, '/ids'],
    [{ action: 'delete', ids: ['qtn_1'] }, '/action'],
    [{ action: 'release', ids: ['qtn_1'], extra: true }, '/'],
  ])('bulk %j → 422 with a pointer at %s', async (body, pointer) => {
    const org = await createTestOrg(t);
    const res = await send('POST', '/api/quarantine/bulk', await as(org, 'admin'), body);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors!.map((e) => e.pointer)).toContain(pointer);
  });

  it('counts held submissions cheaply, capped at 100', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    expect(await (await send('GET', '/api/quarantine/count', admin)).json()).toEqual({
      held: 0,
      capped: false,
    });
    const ids = await Promise.all([1, 2, 3].map((i) => hold(org, `Count${i}`)));
    expect(await (await send('GET', '/api/quarantine/count', admin)).json()).toEqual({
      held: 3,
      capped: false,
    });
    await send('POST', `/api/quarantine/${ids[0]}/discard`, admin);
    expect(await (await send('GET', '/api/quarantine/count', admin)).json()).toEqual({
      held: 2,
      capped: false,
    });
    await t.sql(
      `insert into quarantined_submissions (id, organization_id, form_id, channel, reason, payload_ciphertext)
       select 'qtn_cap_' || $1 || '_' || g, $1, null, 'form', 'honeypot', 'x' from generate_series(1, 100) g`,
      [org.organizationId],
    );
    expect(await (await send('GET', '/api/quarantine/count', admin)).json()).toEqual({
      held: 100,
      capped: true,
    });
  });
});

describe('RBAC and isolation', () => {
  const ROUTES: Array<[string, string, (org: TestOrg) => Promise<{ path: string; body?: unknown }>]> = [
    ['GET', '/api/quarantine/count', async () => ({ path: '/api/quarantine/count' })],
    ['POST', 'discard', async (org) => ({ path: `/api/quarantine/${await hold(org)}/discard` })],
    [
      'POST',
      'bulk',
      async (org) => ({ path: '/api/quarantine/bulk', body: { action: 'discard', ids: [await hold(org)] } }),
    ],
    ['GET', '/api/organization/data', async () => ({ path: '/api/organization/data' })],
    [
      'PATCH',
      '/api/organization/data',
      async () => ({ path: '/api/organization/data', body: { quarantineRetentionDays: 7 } }),
    ],
  ];

  it.each(
    ROUTES.flatMap(([method, name, arrange]) =>
      (['viewer', 'member'] as Role[]).map((role) => [method, name, role, arrange] as const),
    ),
  )('%s %s as %s → 403, nothing changed', async (method, _name, role, arrange) => {
    const org = await createTestOrg(t);
    const { path, body } = await arrange(org);
    const before = await heldRows(org);
    const res = await send(method, path, await as(org, role), body);
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([403, 'forbidden']);
    expect(await heldRows(org)).toEqual(before);
    const [settings] = await t.sql('select quarantine_retention_days as d from organizations where id = $1', [
      org.organizationId,
    ]);
    expect(settings).toEqual({ d: 30 });
  });

  it('discarding another organization’s submission → 404, it stays', async () => {
    const [mine, theirs] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    const id = await hold(theirs);
    const res = await send('POST', `/api/quarantine/${id}/discard`, await as(mine, 'owner'));
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([404, 'not-found']);
    expect(await heldRows(theirs)).toEqual([{ id, released_at: null }]);
    expect(await events(mine, 'submission.discarded')).toEqual([]);
  });
});

const job = (name: string) => JOBS.find((j) => j.name === name)!;

describe('retention job (injected clock)', () => {
  it('erases held submissions older than the organization’s retention, once, with a tombstone', async () => {
    const [org, strict] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    await t.sql('update organizations set quarantine_retention_days = 10 where id = $1', [
      strict.organizationId,
    ]);
    const now = new Date('2030-06-01T04:00:00Z');
    const at = (id: string, daysAgo: number) =>
      t.sql('update quarantined_submissions set created_at = $2 where id = $1', [
        id,
        new Date(now.getTime() - daysAgo * DAY),
      ]);
    const [old, recent, oldStrict, recentStrict, released] = [
      await hold(org, 'Old'),
      await hold(org, 'Recent'),
      await hold(strict, 'OldStrict'),
      await hold(strict, 'RecentStrict'),
      await hold(strict, 'Released'),
    ];
    await Promise.all([
      at(old!, 31),
      at(recent!, 29),
      at(oldStrict!, 11),
      at(recentStrict!, 9),
      at(released!, 40),
    ]);
    expect(
      (await send('POST', `/api/quarantine/${released}/release`, await as(strict, 'admin'))).status,
    ).toBe(200);

    await job('quarantine-retention').run(t.deps, now);
    expect((await heldRows(org)).map((r) => r.id)).toEqual([recent]);
    expect((await heldRows(strict)).map((r) => r.id).sort()).toEqual([recentStrict, released].sort());
    expect(await events(org, 'submission.expired')).toEqual([
      {
        entity_id: old,
        actor_id: null,
        data: { reason: 'honeypot', formId: org.formId, channel: 'form', receivedAt: expect.any(String) },
      },
    ]);
    expect((await events(strict, 'submission.expired')).map((e) => e.entity_id)).toEqual([oldStrict]);

    await job('quarantine-retention').run(t.deps, now);
    expect(await events(org, 'submission.expired')).toHaveLength(1);
    expect(await events(strict, 'submission.expired')).toHaveLength(1);
  });

  it('the purge job erases deleted leads after the organization’s purge delay', async () => {
    const org = await createTestOrg(t);
    await send('PATCH', '/api/organization/data', await as(org, 'owner'), { leadPurgeDays: 5 });
    const now = new Date('2030-06-01T04:00:00Z');
    for (const [id, daysAgo] of [
      ['lead_purge_old', 6],
      ['lead_purge_new', 4],
    ] as const)
      await t.sql(
        `insert into leads (id, organization_id, first_name, last_name, deleted_at) values ($1 || $2, $2, 'Zdeňka', 'Purge', $3)`,
        [id, org.organizationId, new Date(now.getTime() - daysAgo * DAY)],
      );
    await job('purge-deleted').run(t.deps, now);
    const rows = await t.sql('select id, first_name from leads where organization_id = $1 order by id', [
      org.organizationId,
    ]);
    expect(rows).toEqual([
      { id: `lead_purge_new${org.organizationId}`, first_name: 'Zdeňka' },
      { id: `lead_purge_old${org.organizationId}`, first_name: null },
    ]);
  });
});

describe('daily digest', () => {
  it('tells each active admin and owner once per day while something waits', async () => {
    const [org, empty] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    await t.sql(
      "update memberships set status = 'deactivated' where organization_id = $1 and role = 'admin'",
      [org.organizationId],
    );
    await Promise.all([hold(org, 'One'), hold(org, 'Two')]);
    const day = new Date('2030-06-02T07:00:00Z');
    const notices = (o: TestOrg) =>
      t.sql<{ user_id: string; data: Record<string, unknown>; link: string }>(
        `select user_id, data, link from notifications where organization_id = $1 and type = 'quarantine-digest' order by created_at, user_id`,
        [o.organizationId],
      );
    const emails = (o: TestOrg) =>
      t.sql<{ payload: Record<string, unknown> }>(
        "select payload from outbox where organization_id = $1 and payload->>'template' = 'quarantine-digest'",
        [o.organizationId],
      );

    await sendQuarantineDigests(t.deps, t.db, day);
    expect(await notices(org)).toEqual([
      {
        user_id: org.users.owner.id,
        data: { day: '2030-06-02', count: 2, capped: false, oldestAt: expect.any(String) },
        link: '/app/settings/quarantine',
      },
    ]);
    expect(await emails(org)).toEqual([
      {
        payload: expect.objectContaining({
          template: 'quarantine-digest',
          userId: org.users.owner.id,
          count: 2,
        }),
      },
    ]);
    expect(await notices(empty)).toEqual([]);

    // The same day again (a retried cron, the other face): nothing new.
    await job('quarantine-digest').run(t.deps, new Date('2030-06-02T07:05:00Z'));
    expect(await notices(org)).toHaveLength(1);
    expect(await emails(org)).toHaveLength(1);

    // The next day, while they still wait: one more.
    await job('quarantine-digest').run(t.deps, new Date('2030-06-03T07:00:00Z'));
    expect((await notices(org)).map((n) => n.data.day)).toEqual(['2030-06-02', '2030-06-03']);
  });
});
