import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../edge/jobs/run-due';
import type { ScheduledJob } from '../../edge/jobs/scheduled-job';
import { ageScores } from '../../edge/services/leads/age-scores';
import { sendStaleDigests } from '../../edge/services/workspace/stale-digest';
import { createTestOrg, setupApi, type TestApi } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const NOW = new Date('2026-03-01T03:15:00Z');
const ago = (days: number, from = NOW) => new Date(from.getTime() - days * DAY).toISOString();

async function insertLead(
  orgId: string,
  v: { id: string; score: number; items: unknown[]; activity: string; status?: string; assignee?: string },
) {
  await t.sql(
    `insert into leads (id, organization_id, last_name, score, score_breakdown, last_activity_at, status, assigned_to)
     values ($1, $2, $1, $3, $4, $5, $6, $7)`,
    [v.id, orgId, v.score, JSON.stringify(v.items), v.activity, v.status ?? 'NEW', v.assignee ?? null],
  );
}

const lead = async (id: string) =>
  (
    await t.sql<{ score: number; score_breakdown: unknown[] }>(
      'select score, score_breakdown from leads where id = $1',
      [id],
    )
  )[0]!;

describe('score aging (injected clock)', () => {
  it('−5 per full week, never below 0, idempotent within the week, replaced not added, undone by activity', async () => {
    const org = await createTestOrg(t);
    const o = org.organizationId;
    await insertLead(o, {
      id: 'age_a',
      score: 40,
      items: [{ rule: 'industry', points: 40 }],
      activity: ago(15),
    });
    await insertLead(o, { id: 'age_b', score: 8, items: [{ rule: 'region', points: 8 }], activity: ago(29) });
    await insertLead(o, {
      id: 'age_c',
      score: 50,
      items: [{ rule: 'industry', points: 50 }],
      activity: ago(3),
    });
    await insertLead(o, { id: 'age_d', score: 50, items: [], activity: ago(70), status: 'LOST' });

    expect(await ageScores(t.db, NOW)).toBe(2);
    expect(await lead('age_a')).toEqual({
      score: 30,
      score_breakdown: [
        { rule: 'industry', points: 40 },
        { rule: 'aging', points: -10, detail: '2 week(s) without activity' },
      ],
    });
    expect((await lead('age_b')).score).toBe(0);
    expect((await lead('age_b')).score_breakdown).toContainEqual({
      rule: 'aging',
      points: -8,
      detail: '4 week(s) without activity',
    });
    expect((await lead('age_c')).score).toBe(50);
    expect((await lead('age_d')).score).toBe(50);

    // Twice in the same week: nothing changes, no new events.
    expect(await ageScores(t.db, new Date(NOW.getTime() + 2 * DAY))).toBe(0);
    const events = await t.sql<{ lead_id: string; data: Record<string, number> }>(
      `select lead_id, data from lead_events where organization_id = $1 and type = 'score_aged' order by lead_id`,
      [o],
    );
    expect(events).toEqual([
      { lead_id: 'age_a', data: { before: 40, after: 30, weeks: 2 } },
      { lead_id: 'age_b', data: { before: 8, after: 0, weeks: 4 } },
    ]);

    // A week later: the one aging item is replaced (−15), not a second one added; C's first week comes
    // due (−5); B stays at 0 (only its item's detail says 5 weeks now).
    expect(await ageScores(t.db, new Date(NOW.getTime() + 7 * DAY))).toBe(3);
    expect((await lead('age_c')).score).toBe(45);
    expect((await lead('age_b')).score).toBe(0);
    const a = await lead('age_a');
    expect(a.score).toBe(25);
    expect(a.score_breakdown.filter((i) => (i as { rule: string }).rule === 'aging')).toHaveLength(1);

    // Activity gives the points back on the next run.
    await t.sql('update leads set last_activity_at = $1 where id = $2', [ago(-7), 'age_a']);
    expect(await ageScores(t.db, new Date(NOW.getTime() + 8 * DAY))).toBe(1);
    expect(await lead('age_a')).toEqual({ score: 40, score_breakdown: [{ rule: 'industry', points: 40 }] });
  });
});

describe('stale-leads digest (injected clock)', () => {
  it('notifies each assignee and the admins/owners once per day, with an outbox email each', async () => {
    const org = await createTestOrg(t);
    const o = org.organizationId;
    const { member, admin, owner } = org.users;
    for (const id of ['st_1', 'st_2', 'st_3'])
      await insertLead(o, { id, score: 1, items: [], activity: ago(40), assignee: member.id });
    await insertLead(o, { id: 'st_fresh', score: 1, items: [], activity: ago(5), assignee: member.id });
    await insertLead(o, {
      id: 'st_lost',
      score: 1,
      items: [],
      activity: ago(40),
      status: 'LOST',
      assignee: member.id,
    });
    await insertLead(o, { id: 'st_4', score: 1, items: [], activity: ago(31), assignee: admin.id });
    await insertLead(o, { id: 'st_unassigned', score: 1, items: [], activity: ago(90) });

    const ids = { next: 0 };
    const deps = { newId: (p: string) => `${p}_${o}_${ids.next++}` };
    expect(await sendStaleDigests(deps, t.db, NOW)).toBe(3);
    const notes = await t.sql<{ user_id: string; data: Record<string, unknown>; link: string }>(
      `select user_id, data, link from notifications where organization_id = $1 and type = 'stale-digest'`,
      [o],
    );
    const byUser = Object.fromEntries(notes.map((n) => [n.user_id, n]));
    expect(byUser[member.id]?.data).toEqual({
      day: '2026-03-01',
      count: 3,
      teamCount: null,
      leadIds: ['st_1', 'st_2', 'st_3'],
    });
    expect(byUser[member.id]?.link).toBe('/app/leads?assignee=me&stale=30');
    expect(byUser[admin.id]?.data).toEqual({ day: '2026-03-01', count: 1, teamCount: 4, leadIds: ['st_4'] });
    expect(byUser[owner.id]?.data).toMatchObject({ count: 0, teamCount: 4 });
    expect(byUser[owner.id]?.link).toBe('/app/leads?stale=30');
    const emails = await t.sql<{ kind: string; payload: Record<string, unknown> }>(
      'select kind, payload from outbox where organization_id = $1',
      [o],
    );
    expect(emails).toHaveLength(3);
    expect(emails.find((e) => e.payload.userId === member.id)).toMatchObject({
      kind: 'email',
      payload: { template: 'stale-digest', count: 3, link: '/app/leads?assignee=me&stale=30' },
    });

    // The same day again: nothing new. The next day: a new digest.
    expect(await sendStaleDigests(deps, t.db, new Date(NOW.getTime() + 3_600_000))).toBe(0);
    expect(await sendStaleDigests(deps, t.db, new Date(NOW.getTime() + DAY))).toBe(3);
  });
});

describe('runDueJobs (injected clock)', () => {
  it('runs a job once per fire time, catches up once after downtime, retries a failure', async () => {
    const runs: string[] = [];
    let fail = false;
    const job: ScheduledJob = {
      name: `probe-${Math.random().toString(36).slice(2)}`,
      cron: '0 7 * * *',
      run: async (_deps, now) => {
        if (fail) throw new Error('boom');
        runs.push(now.toISOString());
      },
    };
    const tick = (iso: string) => runDueJobs(t.deps, t.db, [job], new Date(iso));
    await tick('2026-03-01T07:00:20Z'); // first ever: the fire time of today
    await tick('2026-03-01T07:00:50Z'); // same minute: no
    await tick('2026-03-01T09:00:00Z'); // a restart later that day: no
    await tick('2026-03-02T07:00:00Z'); // next fire: yes
    await tick('2026-03-05T12:00:00Z'); // down for days: once, late
    await tick('2026-03-05T12:01:00Z');
    expect(runs).toEqual([
      '2026-03-01T07:00:20.000Z',
      '2026-03-02T07:00:00.000Z',
      '2026-03-05T12:00:00.000Z',
    ]);

    fail = true;
    expect((await tick('2026-03-06T07:00:00Z'))[0]).toMatchObject({ ok: false, error: 'Error: boom' });
    fail = false;
    expect(await tick('2026-03-06T07:01:00Z')).toEqual([
      { name: job.name, scheduledFor: '2026-03-06T07:00:00.000Z', ok: true },
    ]);
    expect(runs).toHaveLength(4);
  });
});
