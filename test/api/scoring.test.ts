import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoringPreview } from '../../edge/contract/scoring';
import { rescoreLead } from '../../edge/core/rescore';
import { DEFAULT_SCORING_RULES, type ScoringRules } from '../../edge/core/score';
import { ageScores } from '../../edge/services/leads/age-scores';
import { readScoredLeads } from '../../edge/services/scoring/lead-inputs';
import { createTestOrg, setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

const DRAFT: ScoringRules = {
  ...DEFAULT_SCORING_RULES,
  targetIndustries: [...DEFAULT_SCORING_RULES.targetIndustries, 'Retail'],
  points: { ...DEFAULT_SCORING_RULES.points, industry: 30 },
  bands: { hot: 45, warm: 25 },
};

/**
 * Four API leads scored by the default model: Alpha 50 (warm), Beta 20, Gamma 20, Delta 0 (cold). With
 * DRAFT: Alpha 50 (hot), Beta 35 (warm), Gamma 50 (hot: Retail now matches), Delta 30 (warm).
 */
async function arrange(s: Record<string, Session>) {
  const leads = [
    { lastName: 'Alpha', industry: 'SaaS', employees: 250, title: 'CEO', country: 'DE' },
    { lastName: 'Beta', industry: 'SaaS', title: 'Engineer', country: 'US' },
    { lastName: 'Gamma', industry: 'Retail', title: 'Store Manager', country: 'CZ' },
    { lastName: 'Delta', industry: 'Retail', country: 'US' },
  ];
  const ids: Record<string, string> = {};
  for (const lead of leads) {
    const res = await call(t, s.member!, 'POST', '/api/leads', lead);
    expect(res.status).toBe(201);
    ids[lead.lastName] = (await bodyOf<{ id: string }>(res)).id;
  }
  return ids;
}

async function scores(org: TestOrg): Promise<Record<string, [number, number]>> {
  const rows = await t.sql<{ last_name: string; score: number; score_version: number }>(
    'select last_name, score, score_version from leads where organization_id = $1 and deleted_at is null',
    [org.organizationId],
  );
  return Object.fromEntries(rows.map((r) => [r.last_name, [r.score, r.score_version]]));
}

async function rescoreDone(s: Session, version: number) {
  for (let i = 0; i < 100; i++) {
    const { rescore } = await bodyOf<{ rescore: { version: number; status: string } | null }>(
      await call(t, s, 'GET', '/api/scoring/rescore'),
    );
    if (rescore?.version === version && rescore.status === 'completed') return rescore;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`rescore of version ${version} did not complete`);
}

function events(org: TestOrg, type: string) {
  return t.sql<{ actor_id: string | null; data: Record<string, unknown> }>(
    'select actor_id, data from lead_events where organization_id = $1 and type = $2 order by id',
    [org.organizationId, type],
  );
}

describe('scoring preview', () => {
  it('shows the distribution now and with the draft, band moves and top movers, saving nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await arrange(sessions);
    const gone = await call(t, sessions.member!, 'POST', '/api/leads', {
      lastName: 'Gone',
      industry: 'Retail',
    });
    const { id } = await bodyOf<{ id: string }>(gone);
    await t.sql('update leads set deleted_at = now() where id = $1', [id]);
    const other = await orgWithSessions(t);
    await call(t, other.sessions.member!, 'POST', '/api/leads', { lastName: 'Theirs', industry: 'Retail' });

    const res = await call(t, sessions.admin!, 'POST', '/api/scoring/preview', DRAFT);
    expect(res.status).toBe(200);
    const preview = await bodyOf<ScoringPreview>(res);
    expect(preview).toMatchObject({ total: 4, scored: 4, approximate: false, changed: 3 });
    const counts = (key: 'now' | 'draft') =>
      Object.fromEntries(preview.histogram.filter((h) => h[key] > 0).map((h) => [h.from, h[key]]));
    expect(preview.histogram).toHaveLength(10);
    expect(preview.histogram[9]).toMatchObject({ from: 90, to: 100 });
    expect(counts('now')).toEqual({ 0: 1, 20: 2, 50: 1 });
    expect(counts('draft')).toEqual({ 30: 2, 50: 2 });
    expect(preview.bands.filter((b) => b.count > 0)).toEqual([
      { from: 'warm', to: 'hot', count: 1 },
      { from: 'cold', to: 'hot', count: 1 },
      { from: 'cold', to: 'warm', count: 2 },
    ]);
    expect(preview.bands).toHaveLength(9);
    expect(preview.movers.map((m) => [m.name, m.before.score, m.after.score])).toEqual([
      ...[
        ['Gamma', 20, 50],
        ['Delta', 0, 30],
      ].sort((a, b) => (ids[a[0] as string]! < ids[b[0] as string]! ? -1 : 1)),
      ['Beta', 20, 35],
      ['Alpha', 50, 50],
    ]);
    const gamma = preview.movers.find((m) => m.name === 'Gamma')!;
    expect(gamma.before).toEqual({
      score: 20,
      band: 'cold',
      breakdown: [
        { rule: 'title-manager', points: 10, detail: 'manager' },
        { rule: 'region', points: 10, detail: 'CZ' },
      ],
    });
    expect(gamma.after).toEqual({
      score: 50,
      band: 'hot',
      breakdown: [
        { rule: 'industry', points: 30, detail: 'Retail' },
        { rule: 'title-manager', points: 10, detail: 'manager' },
        { rule: 'region', points: 10, detail: 'CZ' },
      ],
    });
    const versions = await t.sql('select version from scoring_rules where organization_id = $1', [
      org.organizationId,
    ]);
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('shows no change for the model in force', async () => {
    const { sessions } = await orgWithSessions(t);
    await arrange(sessions);
    const preview = await bodyOf<ScoringPreview>(
      await call(t, sessions.admin!, 'POST', '/api/scoring/preview', DEFAULT_SCORING_RULES),
    );
    expect(preview).toMatchObject({ total: 4, changed: 0, movers: [] });
  });
});

describe('scoring versions', () => {
  it('saves a version, rescores in the background, diffs and restores (a new version), audited', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await arrange(sessions);
    const admin = sessions.admin!;
    const saved = await call(t, admin, 'POST', '/api/scoring/versions', DRAFT);
    expect(saved.status).toBe(201);
    expect(await bodyOf(saved)).toMatchObject({ version: 2, rescore: { version: 2, total: 4 } });
    expect(await rescoreDone(admin, 2)).toMatchObject({ done: 4, total: 4 });
    expect(await scores(org)).toEqual({ Alpha: [50, 2], Beta: [35, 2], Gamma: [50, 2], Delta: [30, 2] });

    const diff = await call(t, admin, 'GET', '/api/scoring/versions/2/diff?against=1');
    expect(await bodyOf(diff)).toEqual({
      from: 1,
      to: 2,
      changes: [
        { path: '/targetIndustries', kind: 'list', added: ['Retail'], removed: [] },
        { path: '/points/industry', kind: 'value', before: 15, after: 30 },
        { path: '/bands/hot', kind: 'value', before: 75, after: 45 },
        { path: '/bands/warm', kind: 'value', before: 50, after: 25 },
      ],
    });

    const restored = await call(t, admin, 'POST', '/api/scoring/versions/1/restore');
    expect(restored.status).toBe(201);
    expect(await bodyOf(restored)).toMatchObject({ version: 3 });
    await rescoreDone(admin, 3);
    expect(await scores(org)).toEqual({ Alpha: [50, 3], Beta: [20, 3], Gamma: [20, 3], Delta: [0, 3] });

    const list = await bodyOf<{ items: unknown[] }>(await call(t, admin, 'GET', '/api/scoring/versions'));
    expect(list.items).toMatchObject([
      { version: 3, restoredFrom: 1, current: true, createdBy: { id: org.users.admin.id } },
      { version: 2, restoredFrom: null, current: false, createdBy: { id: org.users.admin.id } },
      { version: 1, current: false },
    ]);
    const v3 = await bodyOf<{ rules: ScoringRules }>(await call(t, admin, 'GET', '/api/scoring/versions/3'));
    expect(v3.rules).toEqual(DEFAULT_SCORING_RULES);
    expect(await bodyOf(await call(t, admin, 'GET', '/api/scoring/versions/3/diff?against=1'))).toEqual({
      from: 1,
      to: 3,
      changes: [],
    });

    expect(await events(org, 'scoring_rules.updated')).toMatchObject([
      { actor_id: org.users.admin.id, data: { version: 2, previousVersion: 1, changeCount: 4 } },
    ]);
    expect(await events(org, 'scoring_rules.restored')).toMatchObject([
      {
        actor_id: org.users.admin.id,
        data: { version: 3, previousVersion: 2, restoredFrom: 1, changeCount: 4 },
      },
    ]);
    expect(await events(org, 'scoring_rules.rescored')).toMatchObject([
      { data: { version: 2, rescored: 4 } },
      { data: { version: 3, rescored: 4 } },
    ]);
  });

  it('gives the session the bands of the model in force, for the dashboard’s score badges', async () => {
    const { sessions } = await orgWithSessions(t);
    const bands = async () =>
      (
        await bodyOf<{ organization: { scoreBands: unknown } }>(
          await call(t, sessions.member!, 'GET', '/api/session'),
        )
      ).organization.scoreBands;
    expect(await bands()).toEqual({ hot: 75, warm: 50 });
    expect((await call(t, sessions.admin!, 'POST', '/api/scoring/versions', DRAFT)).status).toBe(201);
    expect(await bands()).toEqual({ hot: 45, warm: 25 });
  });

  it('answers 404 for a version the organization does not have (another organization’s included)', async () => {
    const { sessions } = await orgWithSessions(t);
    const other = await orgWithSessions(t);
    await call(t, other.sessions.admin!, 'POST', '/api/scoring/versions', DRAFT);
    const admin = sessions.admin!;
    for (const [method, path] of [
      ['GET', '/api/scoring/versions/2'],
      ['GET', '/api/scoring/versions/2/diff?against=1'],
      ['GET', '/api/scoring/versions/1/diff?against=2'],
      ['POST', '/api/scoring/versions/2/restore'],
    ] as const) {
      const res = await call(t, admin, method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it.each(['viewer', 'member'] as const)('refuses a %s every scoring endpoint (403)', async (role) => {
    const { org, sessions } = await orgWithSessions(t);
    const session = sessions[role]!;
    for (const [method, path, body] of [
      ['GET', '/api/scoring/versions', undefined],
      ['POST', '/api/scoring/versions', DRAFT],
      ['GET', '/api/scoring/versions/1', undefined],
      ['GET', '/api/scoring/versions/1/diff?against=1', undefined],
      ['POST', '/api/scoring/versions/1/restore', undefined],
      ['POST', '/api/scoring/preview', DRAFT],
      ['GET', '/api/scoring/rescore', undefined],
    ] as const) {
      const res = await call(t, session, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const versions = await t.sql('select version from scoring_rules where organization_id = $1', [
      org.organizationId,
    ]);
    expect(versions).toEqual([{ version: 1 }]);
  });

  const { bands: _bands, ...withoutBands } = DRAFT;
  it.each<[string, unknown, string]>([
    ['points over 100', { ...DRAFT, points: { ...DRAFT.points, region: 101 } }, '/points/region'],
    ['negative aging', { ...DRAFT, aging: { pointsPerWeek: -1 } }, '/aging/pointsPerWeek'],
    ['warm above hot', { ...DRAFT, bands: { hot: 40, warm: 60 } }, '/bands/warm'],
    ['warm equal to hot', { ...DRAFT, bands: { hot: 60, warm: 60 } }, '/bands/warm'],
    ['a hot threshold of 0', { ...DRAFT, bands: { hot: 0, warm: 0 } }, '/bands/hot'],
    ['no bands', withoutBands, '/bands'],
    ['an empty threshold', { ...DRAFT, bands: { hot: 60, warm: null } }, '/bands/warm'],
    ['an unknown field', { ...DRAFT, points: { ...DRAFT.points, bonus: 5 } }, '/points'],
    [
      'a language that is no code',
      { ...DRAFT, titleKeywords: { 'en-GB!': { director: [], manager: [] } } },
      '/titleKeywords/en-GB!',
    ],
  ])('%s → 422 on save and preview, nothing saved', async (_what, model, pointer) => {
    const { org, sessions } = await orgWithSessions(t);
    for (const path of ['/api/scoring/versions', '/api/scoring/preview']) {
      const res = await call(t, sessions.admin!, 'POST', path, model);
      expect(res.status, path).toBe(422);
      const problem = await bodyOf<{ errors: Array<{ pointer: string }> }>(res);
      expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    }
    const versions = await t.sql('select version from scoring_rules where organization_id = $1', [
      org.organizationId,
    ]);
    expect(versions).toEqual([{ version: 1 }]);
    expect(await events(org, 'scoring_rules.updated')).toEqual([]);
  });
});

describe('aging', () => {
  it('the daily job and a rescore age a lead alike, at the model’s points per week', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await arrange(sessions);
    const rules = { ...DEFAULT_SCORING_RULES, aging: { pointsPerWeek: 3 } };
    expect((await call(t, sessions.admin!, 'PUT', '/api/scoring-rules', rules)).status).toBe(200);
    await t.sql(
      `update leads set last_activity_at = now() - interval '15 days' where organization_id = $1 and last_name in ('Alpha', 'Beta')`,
      [org.organizationId],
    );
    await t.sql(`update leads set status = 'LOST' where organization_id = $1 and last_name = 'Beta'`, [
      org.organizationId,
    ]);
    const now = new Date();
    await ageScores(t.db, now);
    const stored = await readScoredLeads(t.db, org.organizationId, { limit: 10 });
    for (const lead of stored) {
      expect({ name: lead.name, score: lead.score, breakdown: lead.breakdown }).toEqual({
        name: lead.name,
        ...rescoreLead(lead.input, rules, now),
      });
    }
    expect(Object.fromEntries(stored.map((l) => [l.name, l.score]))).toMatchObject({ Alpha: 44, Beta: 20 });
  });
});

describe('org isolation of the rescore', () => {
  it('leaves other organizations’ leads alone', async () => {
    const { sessions } = await orgWithSessions(t);
    const other = await createTestOrg(t);
    const theirs = await orgWithSessions(t);
    await call(t, theirs.sessions.member!, 'POST', '/api/leads', { lastName: 'Theirs', industry: 'Retail' });
    await call(t, sessions.admin!, 'POST', '/api/scoring/versions', DRAFT);
    await rescoreDone(sessions.admin!, 2);
    expect(await scores(theirs.org)).toEqual({ Theirs: [0, 1] });
    expect(await scores(other)).toEqual({});
  });
});
