import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../edge/jobs';
import { runImportCommit } from '../../edge/services/import/run';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session } from '../support/workspace';

const HOUR = 3_600_000;
const job = (name: string) => JOBS.find((j) => j.name === name)!;

describe.each(['postgres', 'pglite'] as const)('staged import rows expire (%s)', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({}, { database });
    t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
  });
  afterAll(() => t?.close());

  async function importJob(owner: Session, steps: Array<'preview' | 'commit' | 'cancel'>) {
    const form = new FormData();
    form.append('file', new Blob(['Last Name,Email\nNovák,novak@example.cz\nBad,not-an-email\n']), 'x.csv');
    const res = await t.app.request('/api/leads/imports', {
      method: 'POST',
      headers: owner.headers,
      body: form,
    });
    expect(res.status).toBe(201);
    const { id } = await bodyOf<{ id: string }>(res);
    for (const step of steps) {
      const method = step === 'preview' ? 'GET' : 'POST';
      expect((await call(t, owner, method, `/api/leads/imports/${id}/${step}`)).status).toBeLessThan(300);
    }
    return id;
  }

  const rowsOf = async (id: string) =>
    (await t.sql<{ n: number }>('select count(*)::int as n from import_rows where job_id = $1', [id]))[0]!.n;

  it('a day after the import ends, or a week after it was left unfinished, with one audit event per job', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const owner = sessions.owner;
    const now = new Date();
    const jobs = {
      completedDayAgo: await importJob(owner, ['preview', 'commit']),
      cancelledDayAgo: await importJob(owner, ['preview', 'cancel']),
      previewedWeekAgo: await importJob(owner, ['preview']),
      stagedSixDaysAgo: await importJob(owner, []),
      completedHoursAgo: await importJob(owner, ['preview', 'commit']),
    };
    const ago: Record<keyof typeof jobs, number> = {
      completedDayAgo: 24,
      cancelledDayAgo: 24,
      previewedWeekAgo: 7 * 24 + 1,
      stagedSixDaysAgo: 6 * 24,
      completedHoursAgo: 22,
    };
    for (const [k, id] of Object.entries(jobs))
      await t.sql('update import_jobs set updated_at = $2 where id = $1', [
        id,
        new Date(now.getTime() - ago[k as keyof typeof jobs] * HOUR),
      ]);
    expect(await rowsOf(jobs.completedDayAgo)).toBe(2);

    await job('import-rows-expiry').run(t.deps, now);
    const left = Object.fromEntries(
      await Promise.all(Object.entries(jobs).map(async ([k, id]) => [k, await rowsOf(id)])),
    );
    expect(left).toEqual({
      completedDayAgo: 0,
      cancelledDayAgo: 0,
      previewedWeekAgo: 0,
      stagedSixDaysAgo: 2,
      completedHoursAgo: 2,
    });
    const statuses = await t.sql<{ id: string; status: string }>(
      'select id, status from import_jobs where organization_id = $1',
      [org.organizationId],
    );
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [jobs.completedDayAgo]: 'completed',
      [jobs.cancelledDayAgo]: 'cancelled',
      [jobs.previewedWeekAgo]: 'cancelled',
      [jobs.stagedSixDaysAgo]: 'staged',
      [jobs.completedHoursAgo]: 'completed',
    });
    const expired = () =>
      t.sql<{ entity_id: string; actor_type: string; data: Record<string, unknown> }>(
        `select entity_id, actor_type, data from lead_events where organization_id = $1 and type = 'import.expired'
         order by entity_id`,
        [org.organizationId],
      );
    expect(await expired()).toEqual(
      [
        { entity_id: jobs.completedDayAgo, actor_type: 'system', data: { rows: 2, cancelled: false } },
        { entity_id: jobs.cancelledDayAgo, actor_type: 'system', data: { rows: 2, cancelled: false } },
        { entity_id: jobs.previewedWeekAgo, actor_type: 'system', data: { rows: 2, cancelled: true } },
      ].sort((a, b) => a.entity_id.localeCompare(b.entity_id)),
    );
    const report = await call(t, owner, 'GET', `/api/leads/imports/${jobs.completedDayAgo}/errors.csv`);
    expect((await report.text()).trim().split('\r\n')).toHaveLength(1);

    await job('import-rows-expiry').run(t.deps, now);
    expect(await expired()).toHaveLength(3);
  });
});
