import { createTestOrg, type TestApi, type TestOrg } from './api';

/**
 * A hand-built dataset with known answers for the reports (January 2026). In the range: five live leads
 * of org A. Out of it: a February lead, a deleted lead, and a lead of another organization.
 *
 *  L1 Web / C1 / form / member: created 01-05 10:00, contacted +30 min, qualified +24 h, converted +48 h (1000.00)
 *  L2 Web / C1 / form / member: created 01-10 09:00, contacted +2 h
 *  L3 Web / C2 / —    / admin:  created 01-12 08:00, lost +24 h (from NEW)
 *  L4 Referral / — / — / admin: created 01-15 12:00, contacted +45 min, qualified +48 h
 *  L5 Referral / "=cmd|calc" / — / unassigned: created 01-20, NEW
 */
export async function seedReportDataset(t: TestApi): Promise<{ org: TestOrg; other: TestOrg }> {
  const org = await createTestOrg(t);
  const other = await createTestOrg(t);
  const a = org.organizationId;
  const m = org.users.member.id;
  const ad = org.users.admin.id;
  const f = org.formId;
  await t.sql(
    `insert into opportunities (id, organization_id, name, amount, currency, source) values ('opp_rep1', $1, 'Deal', 1000, 'CZK', 'Web')`,
    [a],
  );
  const rows: Array<[string, string, unknown[]]> = [
    [
      'L1',
      a,
      [
        'Web',
        'C1',
        f,
        m,
        'QUALIFIED',
        '2026-01-05T10:00Z',
        '2026-01-05T10:30Z',
        '2026-01-06T10:30Z',
        null,
        '2026-01-08T10:30Z',
        'opp_rep1',
        null,
      ],
    ],
    [
      'L2',
      a,
      [
        'Web',
        'C1',
        f,
        m,
        'CONTACTED',
        '2026-01-10T09:00Z',
        '2026-01-10T11:00Z',
        null,
        null,
        null,
        null,
        null,
      ],
    ],
    [
      'L3',
      a,
      ['Web', 'C2', null, ad, 'LOST', '2026-01-12T08:00Z', null, null, '2026-01-13T08:00Z', null, null, null],
    ],
    [
      'L4',
      a,
      [
        'Referral',
        null,
        null,
        ad,
        'QUALIFIED',
        '2026-01-15T12:00Z',
        '2026-01-15T12:45Z',
        '2026-01-17T12:45Z',
        null,
        null,
        null,
        null,
      ],
    ],
    [
      'L5',
      a,
      ['Referral', '=cmd|calc', null, null, 'NEW', '2026-01-20T00:00Z', null, null, null, null, null, null],
    ],
    ['L6', a, ['Web', 'C1', f, m, 'NEW', '2026-02-02T10:00Z', null, null, null, null, null, null]],
    [
      'L7',
      a,
      ['Web', 'C1', f, m, 'NEW', '2026-01-07T10:00Z', null, null, null, null, null, '2026-01-08T00:00Z'],
    ],
    [
      'L8',
      other.organizationId,
      ['Web', 'C1', null, null, 'NEW', '2026-01-07T10:00Z', null, null, null, null, null, null],
    ],
  ];
  for (const [tag, orgId, v] of rows) {
    await t.sql(
      `insert into leads (id, organization_id, last_name, source, campaign, form_id, assigned_to, status, created_at,
         contacted_at, qualified_at, lost_at, converted_at, converted_opportunity_id, deleted_at)
       values ($1, $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [`lead_${tag}_${orgId}`, orgId, ...v],
    );
  }
  return { org, other };
}
