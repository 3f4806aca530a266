import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, postJson, setupApi, type TestApi } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(async () => {
  await t.close();
});

async function created(orgId: string, lastName: string) {
  const [row] = await t.sql<{ custom: Record<string, string>; data: { signals?: unknown } }>(
    `select l.custom, e.data from leads l join lead_events e on e.lead_id = l.id and e.type = 'created'
      where l.organization_id = $1 and l.last_name = $2`,
    [orgId, lastName],
  );
  return row!;
}

describe('behavioural signals from the widget (pagesViewed, timeOnPage)', () => {
  const signals = { pagesViewed: ['/pricing', '/contact'], timeOnPage: 41_250, consent: true };

  it('are kept with the created event when the form enables them, never as custom attributes', async () => {
    const org = await createTestOrg(t);
    await t.sql('update forms set signals_enabled = true where id = $1', [org.formId]);
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Signals', ...signals });
    expect(res.status).toBe(201);
    const row = await created(org.organizationId, 'Signals');
    expect(row.data.signals).toEqual({ pagesViewed: ['/pricing', '/contact'], timeOnPageMs: 41_250 });
    expect(row.custom).toEqual({});
  });

  it('are dropped when the form does not enable them', async () => {
    const org = await createTestOrg(t);
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Quiet', ...signals });
    expect(res.status).toBe(201);
    const row = await created(org.organizationId, 'Quiet');
    expect(row.data.signals).toBeUndefined();
    expect(row.custom).toEqual({});
  });

  it('refuses a time on page that is not a whole, plausible number of milliseconds (422 with a pointer)', async () => {
    const org = await createTestOrg(t);
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Odd', timeOnPage: -5 });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: Array<{ pointer: string }> };
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/timeOnPage']);
  });
});
