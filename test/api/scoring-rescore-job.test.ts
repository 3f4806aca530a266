import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_RULES, type ScoringRules } from '../../edge/core/score';
import { previewScoringModel } from '../../edge/services/scoring/preview';
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
 * newer save, and finished once with its audit event; and the preview's sample of a large organization.
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

  it('writes only the leads whose score or breakdown changes; the others keep their row and score_version', async () => {
    const org = await createTestOrg(t);
    for (let i = 0; i < 6; i++) {
      const industry = i % 2 === 0 ? 'SaaS' : 'Retail';
      await seedLead(t, org, { lastName: `M${i}`, industry }, { score: 0, scoreBreakdown: [] });
    }
    const rows = () =>
      t.sql<{ last_name: string; score: number; score_version: number; xmin: string }>(
        `select last_name, score, score_version, xmin::text from leads where organization_id = $1
         order by last_name`,
        [org.organizationId],
      );
    const before = await rows();
    const saved = await saveScoringVersion(t.deps, t.db, sessionAuth(org, 'admin'), SAAS_30);
    expect(await runRescore(t.deps, t.db, saved.message, { batchSize: 4 })).toBe('done');
    const after = await rows();
    expect(after.map(({ xmin: _, ...r }) => r)).toEqual([
      { last_name: 'M0', score: 30, score_version: 2 },
      { last_name: 'M1', score: 0, score_version: 0 },
      { last_name: 'M2', score: 30, score_version: 2 },
      { last_name: 'M3', score: 0, score_version: 0 },
      { last_name: 'M4', score: 30, score_version: 2 },
      { last_name: 'M5', score: 0, score_version: 0 },
    ]);
    // A Retail lead scores 0 with no items under both models: its row was not rewritten.
    expect(after.filter((_, i) => i % 2 === 1).map((r) => r.xmin)).toEqual(
      before.filter((_, i) => i % 2 === 1).map((r) => r.xmin),
    );
    expect(await latestRescore(t.db, org.organizationId)).toMatchObject({ status: 'completed', done: 6 });
  });

  it('samples a large organization: each lead with the same chance, counts scaled to the total', async () => {
    const org = await createTestOrg(t);
    const other = await createTestOrg(t);
    for (const [o, n] of [
      [org, 200],
      [other, 50],
    ] as const) {
      await t.sql(
        `insert into leads (id, organization_id, last_name, industry, score, score_breakdown)
         select 'lead_sample_' || $1 || '_' || g, $1, 'Sample' || g, 'SaaS', 99, '[{"rule":"stale","points":99}]'
         from generate_series(1, ${n}) g`,
        [o.organizationId],
      );
    }
    const preview = await previewScoringModel(t.deps, t.db, org.organizationId, SAAS_30, { sampleSize: 50 });
    expect(preview).toMatchObject({ total: 200, approximate: true, changed: 200 });
    // Binomial(200, 1/4): 50 expected, 10–120 is more than six standard deviations either side.
    expect(preview.scored).toBeGreaterThanOrEqual(10);
    expect(preview.scored).toBeLessThanOrEqual(120);
    expect(preview.histogram.find((h) => h.from === 90)?.now).toBe(200);
    expect(preview.movers.every((m) => m.id.startsWith(`lead_sample_${org.organizationId}_`))).toBe(true);
  });
});
