import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, ScanResult } from '../../edge/contract/duplicates';
import { duplicateScanJob } from '../../edge/jobs/duplicate-scan';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

async function personalEmail(org: TestOrg, email: string) {
  const sealed = await t.deps.pii.seal(org.organizationId, 'personal_email', email);
  return { personalEmailCiphertext: sealed.ciphertext, personalEmailIndex: sealed.index };
}

/** One seeded cluster per rule, an ingestion link, and leads that are not duplicates of anything. */
async function arrange() {
  const { org, sessions } = await orgWithSessions(t);
  const seed = (raw: Parameters<typeof seedLead>[2], cols = {}) => seedLead(t, org, raw, cols);
  const same = await personalEmail(org, 'eva@home.test');
  const ids = {
    // fuzzy, blocked by last name + company ("Acme s.r.o." and "Acme" share the company key)
    lastBlockA: await seed({ firstName: 'Jan', lastName: 'Novák', company: 'Acme s.r.o.' }),
    lastBlockB: await seed({ firstName: 'Jan', lastName: 'Novak', company: 'ACME', email: 'jan@acme.test' }),
    // fuzzy, blocked by first name + company (the last names differ by one letter)
    firstBlockA: await seed({ firstName: 'Petra', lastName: 'Dvořáková', company: 'Globex' }),
    firstBlockB: await seed({ firstName: 'Petra', lastName: 'Dvořákva', company: 'Globex GmbH' }),
    // exact phone: a number kept as entered is not unique by index, so two live leads can share it
    phoneA: await seed({ firstName: 'Ola', lastName: 'Bergström', phone: '12-34' }),
    phoneB: await seed({ firstName: 'Oli', lastName: 'Hansen', phone: '12-34' }),
    // exact email, by the personal email's blind index
    emailA: await seed({ firstName: 'Eva', lastName: 'Malá' }, same),
    emailB: await seed({ firstName: 'Evička', lastName: 'Veselá' }, same),
    // ingestion's link between two leads no scan rule would pair
    linkA: await seed({ firstName: 'Karel', lastName: 'Dlouhý', company: 'Hooli' }),
    linkB: await seed({ firstName: 'Carl', lastName: 'Long', company: 'Pied Piper' }),
    // not duplicates: a namesake at another company, a colleague, a far-off name in the same block
    namesake: await seed({ firstName: 'Jan', lastName: 'Novák', company: 'Initech' }),
    colleague: await seed({ firstName: 'Eva', lastName: 'Novák', company: 'Acme' }),
    farOff: await seed({ firstName: 'Petra', lastName: 'Kowalczykowa', company: 'Globex' }),
  };
  await t.sql(
    `insert into duplicate_links (organization_id, lead_id, duplicate_of, rule, similarity) values ($1, $2, $3, 'name-company-fuzzy', 0.86)`,
    [org.organizationId, ids.linkB, ids.linkA],
  );
  return { org, sessions, ids };
}

type List = { items: Cluster[]; nextCursor: string | null; scannedAt: string | null };

const sorted = (members: string[]) => [...members].sort();

describe('duplicate scan', () => {
  it('finds each rule’s cluster and ingestion’s link, and not the non-duplicates', async () => {
    const { sessions, ids } = await arrange();
    expect((await call(t, sessions.member, 'POST', '/api/duplicates/scan')).status).toBe(403);
    const scan = await call(t, sessions.admin, 'POST', '/api/duplicates/scan');
    expect(scan.status).toBe(200);
    expect(await bodyOf<ScanResult>(scan)).toMatchObject({ clusters: 5, pairs: 5 });
    const list = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates'));
    const found = list.items.map((c) => ({ rule: c.rule, members: sorted(c.members.map((m) => m.id)) }));
    expect(found).toEqual(
      expect.arrayContaining([
        { rule: 'name-company-fuzzy', members: sorted([ids.lastBlockA, ids.lastBlockB]) },
        { rule: 'name-company-fuzzy', members: sorted([ids.firstBlockA, ids.firstBlockB]) },
        { rule: 'phone-exact', members: sorted([ids.phoneA, ids.phoneB]) },
        { rule: 'email-exact', members: sorted([ids.emailA, ids.emailB]) },
        { rule: 'name-company-fuzzy', members: sorted([ids.linkA, ids.linkB]) },
      ]),
    );
    const all = list.items.flatMap((c) => c.members.map((m) => m.id));
    for (const id of [ids.namesake, ids.colleague, ids.farOff]) expect(all).not.toContain(id);
    // A converted member says so (the merge screen proposes it as the master); the others say null.
    await t.sql(
      `update leads set converted_at = '2026-11-02T10:00:00Z', status = 'QUALIFIED' where id = $1`,
      [ids.emailB],
    );
    const again = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates'));
    const emailCluster = again.items.find((c) => c.rule === 'email-exact')!;
    expect(Object.fromEntries(emailCluster.members.map((m) => [m.id, m.convertedAt]))).toEqual({
      [ids.emailA]: null,
      [ids.emailB]: '2026-11-02T10:00:00.000Z',
    });
    const exact = list.items.find((c) => c.rule === 'phone-exact')!;
    expect(exact.score).toBe(1);
    expect(
      list.items.find((c) => c.members.some((m) => m.id === ids.firstBlockA))!.score,
    ).toBeGreaterThanOrEqual(0.85);
    expect(list.scannedAt).not.toBeNull();
  });

  it('says per member which rule paired it and how alike, for a fuzzy cluster with other emails and phones', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const seed = (raw: Parameters<typeof seedLead>[2]) => seedLead(t, org, raw);
    const a = await seed({
      firstName: 'Jan',
      lastName: 'Novák',
      company: 'Acme s.r.o.',
      email: 'jan@acme.test',
      phone: '+420 601 111 111',
    });
    const b = await seed({
      firstName: 'Jan',
      lastName: 'Nowák',
      company: 'ACME',
      email: 'honza@mail.test',
      phone: '+420 602 222 222',
    });
    const c = await seed({
      firstName: 'Jan',
      lastName: 'Novak',
      company: 'Acme',
      email: 'jn@elsewhere.test',
      phone: '+420 603 333 333',
    });
    await call(t, sessions.admin, 'POST', '/api/duplicates/scan');
    const list = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates'));
    expect(list.items).toHaveLength(1);
    const members = Object.fromEntries(list.items[0]!.members.map((m) => [m.id, m.match]));
    // "jan novak | acme" both: the same once folded; "jan nowak | acme" is one letter off in 16.
    expect(members[a]).toEqual({ leadId: c, rule: 'name-company-fuzzy', similarity: 1 });
    expect(members[c]).toEqual({ leadId: a, rule: 'name-company-fuzzy', similarity: 1 });
    expect(members[b]).toEqual({
      leadId: [a, c].sort()[0],
      rule: 'name-company-fuzzy',
      similarity: 0.938,
    });
  });

  it('masks contact data below admin', async () => {
    const { sessions, ids } = await arrange();
    await call(t, sessions.admin, 'POST', '/api/duplicates/scan');
    const emailOf = async (role: 'member' | 'admin') => {
      const list = await bodyOf<List>(await call(t, sessions[role], 'GET', '/api/duplicates'));
      return list.items.flatMap((c) => c.members).find((m) => m.id === ids.lastBlockB)!.email;
    };
    expect(await emailOf('admin')).toBe('jan@acme.test');
    expect(await emailOf('member')).toBe('j•••@acme.test');
  });

  it('a dismissed cluster stays dismissed across rescans, the job’s too', async () => {
    const { org, sessions, ids } = await arrange();
    await call(t, sessions.admin, 'POST', '/api/duplicates/scan');
    const list = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates'));
    const phone = list.items.find((c) => c.rule === 'phone-exact')!;
    expect((await call(t, sessions.member, 'POST', `/api/duplicates/${phone.id}/dismiss`)).status).toBe(403);
    expect((await call(t, sessions.admin, 'POST', `/api/duplicates/${phone.id}/dismiss`)).status).toBe(204);
    await duplicateScanJob.run(t.deps, new Date());
    const rescan = await bodyOf<ScanResult>(await call(t, sessions.admin, 'POST', '/api/duplicates/scan'));
    expect(rescan.clusters).toBe(4);
    const after = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates'));
    expect(after.items.flatMap((c) => c.members.map((m) => m.id))).not.toContain(ids.phoneA);
    const audit = await t.sql(
      'select type from lead_events where organization_id = $1 and entity_type = $2',
      [org.organizationId, 'duplicate_cluster'],
    );
    expect(audit).toEqual([{ type: 'duplicates_dismissed' }]);
  });

  it('pages with a cursor, and a merged lead leaves its cluster', async () => {
    const { sessions, ids } = await arrange();
    await call(t, sessions.admin, 'POST', '/api/duplicates/scan');
    const first = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates?limit=3'));
    expect(first.items).toHaveLength(3);
    const second = await bodyOf<List>(
      await call(t, sessions.admin, 'GET', `/api/duplicates?limit=3&cursor=${first.nextCursor}`),
    );
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    await call(t, sessions.owner, 'POST', '/api/leads/merge', {
      masterId: ids.phoneA,
      mergedIds: [ids.phoneB],
    });
    const after = await bodyOf<List>(await call(t, sessions.admin, 'GET', '/api/duplicates'));
    expect(after.items).toHaveLength(4);
    expect((await call(t, sessions.admin, 'GET', '/api/duplicates?cursor=%%%')).status).toBe(400);
  });

  it('stays within the organization', async () => {
    const a = await arrange();
    const b = await orgWithSessions(t);
    await call(t, a.sessions.admin, 'POST', '/api/duplicates/scan');
    const scanB = await bodyOf<ScanResult>(await call(t, b.sessions.admin, 'POST', '/api/duplicates/scan'));
    expect(scanB.clusters).toBe(0);
    const listA = await bodyOf<List>(await call(t, a.sessions.admin, 'GET', '/api/duplicates'));
    expect((await bodyOf<List>(await call(t, b.sessions.admin, 'GET', '/api/duplicates'))).items).toEqual([]);
    expect(
      (await call(t, b.sessions.admin, 'POST', `/api/duplicates/${listA.items[0]!.id}/dismiss`)).status,
    ).toBe(404);
  });
});
