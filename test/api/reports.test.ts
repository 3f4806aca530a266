import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../edge/services/demo/seed';
import { setupApi, signIn, type TestApi, type TestOrg } from '../support/api';
import { seedReportDataset } from '../support/report-fixture';

let t: TestApi;
let org: TestOrg;
let headers: Record<string, string>;
const RANGE = 'from=2026-01-01&to=2026-01-31';

beforeAll(async () => {
  t = await setupApi();
  ({ org } = await seedReportDataset(t));
  headers = (await signIn(t, org.users.viewer.email)).headers;
});
afterAll(() => t?.close());

async function report(path: string) {
  const res = await t.app.request(path, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { rows: Array<Record<string, unknown>> };
}

describe('reports against the known-answer dataset', () => {
  it('funnel, all together: counts and step rates', async () => {
    const { rows } = await report(`/api/reports/funnel?${RANGE}`);
    expect(rows).toEqual([
      {
        key: null,
        label: null,
        total: 5,
        contacted: 3,
        qualified: 2,
        converted: 1,
        lost: 1,
        rates: { contacted: 0.6, qualified: 0.6667, converted: 0.5, overall: 0.2 },
      },
    ]);
  });

  it('funnel by source and by rep', async () => {
    const bySource = await report(`/api/reports/funnel?${RANGE}&groupBy=source`);
    expect(bySource.rows.map((r) => [r.key, r.total, r.contacted, r.qualified, r.converted, r.lost])).toEqual(
      [
        ['Web', 3, 2, 1, 1, 1],
        ['Referral', 2, 1, 1, 0, 0],
      ],
    );
    const byRep = await report(`/api/reports/funnel?${RANGE}&groupBy=rep`);
    expect(byRep.rows.map((r) => [r.key, r.total])).toEqual([
      [org.users.admin.id, 2],
      [org.users.member.id, 2],
      [null, 1],
    ]);
    expect(byRep.rows[0]?.label).toMatch(/^admin /);
  });

  it('velocity: time in each stage, response time, share contacted within an hour', async () => {
    const { rows } = await report(`/api/reports/velocity?${RANGE}`);
    expect(rows[0]).toEqual({
      key: null,
      label: null,
      total: 5,
      stages: [
        { stage: 'NEW', count: 4, avgSeconds: 24525, medianSeconds: 4950 },
        { stage: 'CONTACTED', count: 2, avgSeconds: 129600, medianSeconds: 129600 },
        { stage: 'QUALIFIED', count: 1, avgSeconds: 172800, medianSeconds: 172800 },
      ],
      response: { contacted: 3, avgSeconds: 3900, medianSeconds: 2700, withinHourShare: 0.4 },
    });
  });

  it('attribution by source (default) with the converted opportunities’ amount', async () => {
    const { rows } = await report(`/api/reports/attribution?${RANGE}`);
    expect(rows).toEqual([
      {
        key: 'Web',
        label: 'Web',
        leads: 3,
        qualified: 1,
        converted: 1,
        amount: '1000.00',
        rates: { qualified: 0.3333, converted: 0.3333 },
      },
      {
        key: 'Referral',
        label: 'Referral',
        leads: 2,
        qualified: 1,
        converted: 0,
        amount: '0.00',
        rates: { qualified: 0.5, converted: 0 },
      },
    ]);
  });

  it('velocity by rep: each rep’s stage times, response time and share within an hour', async () => {
    const { rows } = await report(`/api/reports/velocity?${RANGE}&groupBy=rep`);
    const stage = (count: number, avg: number | null, median = avg) => ({ count, avg, median });
    expect(
      rows.map((r) => {
        const row = r as { key: string | null; total: number; stages: Array<Record<string, number | null>> };
        return [
          row.key,
          row.total,
          row.stages.map((s) => stage(s.count as number, s.avgSeconds ?? null, s.medianSeconds ?? null)),
          r.response,
        ];
      }),
    ).toEqual([
      [
        org.users.admin.id,
        2,
        [stage(2, 44550), stage(1, 172800), stage(0, null)],
        { contacted: 1, avgSeconds: 2700, medianSeconds: 2700, withinHourShare: 0.5 },
      ],
      [
        org.users.member.id,
        2,
        [stage(2, 4500), stage(1, 86400), stage(1, 172800)],
        { contacted: 2, avgSeconds: 4500, medianSeconds: 4500, withinHourShare: 0.5 },
      ],
      [
        null,
        1,
        [stage(0, null), stage(0, null), stage(0, null)],
        { contacted: 0, avgSeconds: null, medianSeconds: null, withinHourShare: 0 },
      ],
    ]);
  });

  it('rep performance: assigned, contacted, qualified, converted, median response', async () => {
    const { rows } = await report(`/api/reports/reps?${RANGE}`);
    expect(
      rows.map((r) => [r.key, r.assigned, r.contacted, r.qualified, r.converted, r.medianResponseSeconds]),
    ).toEqual([
      [org.users.admin.id, 2, 1, 1, 0, 2700],
      [org.users.member.id, 2, 2, 1, 1, 4500],
    ]);
  });

  it.each([
    ['source=Web', 3],
    [`assignee=${'MEMBER'}`, 2],
    ['campaign=C1', 2],
    ['formId=FORM', 2],
    ['', 5],
  ])('filter %s → %i leads', async (filter, total) => {
    const q = filter.replace('MEMBER', org.users.member.id).replace('FORM', org.formId);
    const { rows } = await report(`/api/reports/funnel?${RANGE}&${q}`);
    expect(rows[0]?.total).toBe(total);
  });

  it('an open-ended range includes the February lead, never the deleted one or another organization’s', async () => {
    const { rows } = await report('/api/reports/funnel?to=2026-02-28');
    expect(rows[0]?.total).toBe(6);
  });

  it('a status without its stage timestamps (imports, the demo seed) still counts as reached', async () => {
    await t.sql(
      `insert into leads (id, organization_id, last_name, status, created_at) values ('lead_nots', $1, 'N', 'QUALIFIED', '2026-03-05T10:00Z')`,
      [org.organizationId],
    );
    const { rows } = await report('/api/reports/funnel?from=2026-03-01&to=2026-03-31');
    expect(rows[0]).toMatchObject({ total: 1, contacted: 1, qualified: 1, converted: 0 });
  });

  it('CSV download: a file, with formula-looking cells neutralised', async () => {
    const res = await t.app.request(`/api/reports/attribution?${RANGE}&groupBy=campaign&format=csv`, {
      headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="leadgate-attribution-2026-01-01_2026-01-31.csv"',
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('key,label,leads,qualified,converted,opportunity_amount');
    expect(lines).toContain("'=cmd|calc,'=cmd|calc,1,0,0,0.00");
    expect(lines).toContain('C1,C1,2,1,1,1000.00');
  });

  it.each([
    ['/api/reports/funnel?groupBy=planet', 400, '/groupBy'],
    ['/api/reports/funnel?from=2026-02-01&to=2026-01-01', 400, '/to'],
    ['/api/reports/nonsense', 400, '/kind'],
  ])('%s → %i naming %s', async (path, status, pointer) => {
    const res = await t.app.request(path, { headers });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { errors: Array<{ pointer: string }> };
    expect(body.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('needs a session', async () => {
    const res = await t.app.request('/api/reports/funnel');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('reports on the demo data (what `npm start` shows)', () => {
  it('the last 30 days have time in every stage, response times, and conversions for every rep', async () => {
    await seedDemo(t.deps, t.db, { embedded: true });
    const demo = (await signIn(t, 'owner@leadgate.test', DEMO_PASSWORD)).headers;
    const day = (ms: number) => new Date(Date.now() - ms).toISOString().slice(0, 10);
    const range = `from=${day(29 * 86_400_000)}&to=${day(0)}`;
    const get = async <T>(path: string) => {
      const res = await t.app.request(path, { headers: demo });
      expect(res.status).toBe(200);
      return ((await res.json()) as { rows: T[] }).rows;
    };
    type Stage = { count: number; avgSeconds: number | null; medianSeconds: number | null };
    type Velocity = { stages: Stage[]; response: Stage & { withinHourShare: number } };
    const [velocity] = await get<Velocity>(`/api/reports/velocity?${range}&groupBy=none`);
    for (const s of velocity!.stages) {
      expect(s.count).toBeGreaterThan(0);
      expect(s.medianSeconds).toBeGreaterThan(0);
      expect(s.avgSeconds).toBeGreaterThan(0);
    }
    expect(velocity!.response.medianSeconds).toBeGreaterThan(0);
    expect(velocity!.response.withinHourShare).toBeGreaterThan(0);
    expect(velocity!.response.withinHourShare).toBeLessThan(1);

    const reps = await get<{ label: string; converted: number; medianResponseSeconds: number }>(
      `/api/reports/reps?${range}`,
    );
    expect(reps.map((r) => r.label).sort()).toEqual(['Alena Admin', 'Otto Owner', 'Petr Member']);
    for (const r of reps) {
      expect(r.converted, r.label).toBeGreaterThan(0);
      expect(r.medianResponseSeconds, r.label).toBeGreaterThan(0);
    }
    const attribution = await get<{ amount: string }>(`/api/reports/attribution?${range}`);
    expect(attribution.some((r) => Number(r.amount) > 0)).toBe(true);
    const currencies = await t.sql<{ currency: string }>(
      `select distinct p.currency from opportunities p join organizations o on o.id = p.organization_id
       where o.slug = 'demo'`,
    );
    expect(currencies).toEqual([{ currency: 'CZK' }]);
  });
});
