import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../edge/contract/duplicates';
import { postJson, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

const KLAUS = {
  firstName: 'Klaus',
  lastName: 'Müller',
  email: 'klaus@mueller-soehne.de',
  company: 'Müller & Söhne GmbH',
};
const GABI = { ...KLAUS, firstName: 'Gabi', email: 'gabi@mueller-soehne.de' };

/** The organization's possible-duplicate links as "first name → first name", once ingestion wrote them. */
async function linksOf(orgId: string, expected: number) {
  let rows: Array<{ link: string }> = [];
  for (let i = 0; i < 50 && rows.length < expected; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 50));
    rows = await t.sql(
      `select a.first_name || ' → ' || b.first_name as link from duplicate_links d
         join leads a on a.id = d.lead_id join leads b on b.id = d.duplicate_of where d.organization_id = $1`,
      [orgId],
    );
  }
  return rows.map((r) => r.link);
}

const leadNames = async (orgId: string) =>
  (
    await t.sql<{ first_name: string }>(
      'select first_name from leads where organization_id = $1 order by first_name',
      [orgId],
    )
  ).map((r) => r.first_name);

/**
 * The import's rules hold for ingestion and the duplicate scan too: the same email is the same person;
 * different emails are never folded into one; a resemblance (name + company ≥ 85 %) is a lead of its own,
 * linked (ingestion) or listed (scan) for review.
 */
describe('one duplicate rule for every channel', () => {
  it('ingestion creates Klaus and Gabi as two leads, links them, and folds only the same email', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const submit = (body: object) => postJson(t, `/v1/forms/${org.formId}/submissions`, body);
    expect((await submit(KLAUS)).status).toBe(201);
    expect((await submit(GABI)).status).toBe(201);
    expect(await linksOf(org.organizationId, 1)).toEqual(['Gabi → Klaus']);
    // The same email, another spelling of the name: Klaus again, not a third lead.
    expect((await submit({ ...KLAUS, firstName: 'K.', email: 'KLAUS@Mueller-Soehne.de' })).status).toBe(201);
    expect(await leadNames(org.organizationId)).toEqual(['Gabi', 'Klaus']);

    // The scan lists the two as a possible duplicate for review, and merges nothing.
    const scan = await call(t, sessions.admin, 'POST', '/api/duplicates/scan');
    expect(await bodyOf<ScanResult>(scan)).toMatchObject({ clusters: 1, pairs: 1 });
    const [cluster] = await t.sql<{ rule: string; size: number }>(
      'select rule, size from duplicate_clusters where organization_id = $1',
      [org.organizationId],
    );
    expect(cluster).toEqual({ rule: 'name-company-fuzzy', size: 2 });
    expect(await leadNames(org.organizationId)).toEqual(['Gabi', 'Klaus']);
  });
});
