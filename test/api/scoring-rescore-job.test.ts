import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_RULES, type ScoringRules } from '../../edge/core/score';
import { latestRescore, runRescore } from '../../edge/services/scoring/rescore-job';
import { saveScoringVersion } from '../../edge/services/scoring/versions';
import { createTestOrg, sessionAuth, setupApi, type TestApi } from '../support/api';
import { seedLead } from '../support/workspace';

const SAAS_30: ScoringRules = {
  ...DEFAULT_SCORING_RULES,
  points: { ...DEFAULT_SCORING_RULES.points, industry: 30 },
};
const SAAS_40: ScoringRules = {
  ...DEFAULT_SCORING_RULES,
  points: { ...DEFAULT_SCORING_RULES.points, industry: 40 },
};

/**
 * The background rescore on both databases the product runs on: batch by batch with its cursor (so a
 * slice of batches resumes where the last one stopped, as the Workers queue sends it), superseded by a
 * newer save, and finished once with its audit event.
 */
describe.each(['postgres', 'pglite'] as const)('the rescore job on %s', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({}, { database });
  }, 120_000);
  afterAll(() => t?.close());

  it('walks the leads in slices, stops when superseded, and the newer rescore finishes the work', async () => {
    const org = await createTestOrg(t);
    for (let i = 0; i < 25; i++)
      await seedLead(t, org, { lastName: `L${i}`, industry: 'SaaS' }, { score: 0 });
    const admin = sessionAuth(org, 'admin');
    const first = await saveScoringVersion(t.deps, t.db, admin, SAAS_30);
    expect(first.rescore).toMatchObject({ version: 2, status: 'running', done: 0, total: 25 });

    expect(await runRescore(t.deps, t.db, first.message, { batchSize: 10, maxBatches: 1 })).toBe('more');
    expect(await latestRescore(t.db, org.organizationId)).toMatchObject({ done: 10, status: 'running' });
    expect(await runRescore(t.deps, t.db, first.message, { batchSize: 10, maxBatches: 1 })).toBe('more');
    const byVersion = () =>
      t.sql<{ score_version: number; score: number; n: number }>(
        `select score_version, score, count(*)::int as n from leads where organization_id = $1
         group by 1, 2 order by 1`,
        [org.organizationId],
      );
    expect(await byVersion()).toEqual([
      { score_version: 0, score: 0, n: 5 },
      { score_version: 2, score: 30, n: 20 },
    ]);

    const second = await saveScoringVersion(t.deps, t.db, admin, SAAS_40);
    expect(await runRescore(t.deps, t.db, first.message, { batchSize: 10 })).toBe('stopped');
    expect(await runRescore(t.deps, t.db, second.message, { batchSize: 10 })).toBe('done');
    expect(await byVersion()).toEqual([{ score_version: 3, score: 40, n: 25 }]);
    expect(await latestRescore(t.db, org.organizationId)).toMatchObject({
      version: 3,
      status: 'completed',
      done: 25,
      total: 25,
    });
    const statuses = await t.sql<{ version: number; status: string }>(
      'select version, status from scoring_rescores where organization_id = $1 order by version',
      [org.organizationId],
    );
    expect(statuses).toEqual([
      { version: 2, status: 'superseded' },
      { version: 3, status: 'completed' },
    ]);
    // A message delivered again after the end changes nothing and records nothing twice.
    expect(await runRescore(t.deps, t.db, second.message)).toBe('stopped');
    const rescored = await t.sql('select data from lead_events where organization_id = $1 and type = $2', [
      org.organizationId,
      'scoring_rules.rescored',
    ]);
    expect(rescored).toMatchObject([{ data: { version: 3, rescored: 25 } }]);
  });
});
