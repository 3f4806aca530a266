import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobView, ImportPreview } from '../../edge/contract/imports';
import { commitBatch } from '../../edge/services/import/commit';
import { type ImportMessage, runImportCommit } from '../../edge/services/import/run';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
  // Commits run to the end before the commit request answers, so tests read a finished job.
  t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
});
afterAll(() => t.close());

async function uploaded(session: Session, file: string, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([file]), 'leads.csv');
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  const res = await t.app.request('/api/leads/imports', {
    method: 'POST',
    headers: session.headers,
    body: form,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return bodyOf<ImportJobView>(res);
}

const preview = async (s: Session, id: string, query = '') =>
  bodyOf<ImportPreview>(await call(t, s, 'GET', `/api/leads/imports/${id}/preview${query}`));

const getJob = async (s: Session, id: string) =>
  bodyOf<ImportJobView>(await call(t, s, 'GET', `/api/leads/imports/${id}`));

const choose = (s: Session, id: string, body: unknown) =>
  call(t, s, 'PUT', `/api/leads/imports/${id}/possible-duplicates`, body);

async function commit(s: Session, id: string) {
  expect((await call(t, s, 'POST', `/api/leads/imports/${id}/commit`)).status).toBe(202);
  return getJob(s, id);
}

/** The organization's leads as "first last", in name order. */
async function names(orgId: string) {
  const rows = await t.sql<{ name: string }>(
    `select concat_ws(' ', first_name, last_name) as name from leads where organization_id = $1 order by 1`,
    [orgId],
  );
  return rows.map((r) => r.name);
}

/** The organization's possible-duplicate links as "lead name → name of the lead it resembles". */
async function links(orgId: string) {
  const rows = await t.sql<{ link: string; rule: string }>(
    `select concat_ws(' ', a.first_name, a.last_name) || ' → ' || concat_ws(' ', b.first_name, b.last_name) as link, d.rule
       from duplicate_links d join leads a on a.id = d.lead_id join leads b on b.id = d.duplicate_of
      where d.organization_id = $1 order by 1`,
    [orgId],
  );
  return rows;
}

const KLAUS_GABI = [
  'First Name,Last Name,Email,Company',
  'Klaus,Müller,klaus@mueller-soehne.de,Müller & Söhne GmbH',
  'Gabi,Müller,gabi@mueller-soehne.de,Müller & Söhne GmbH',
].join('\n');

describe('CSV import: the same person, and people who only look alike', () => {
  it('creates two people at the same company with different emails, and links them for review', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const job = await uploaded(sessions.owner, KLAUS_GABI);
    const p = await preview(sessions.owner, job.id);
    expect(p.totals).toEqual({
      create: 2,
      update: 0,
      duplicate_in_file: 0,
      skip: 0,
      invalid: 0,
      possible_duplicate: 1,
    });
    expect(p.items.map((i) => [i.line, i.outcome, i.note])).toEqual([
      [2, 'create', null],
      [3, 'create', { code: 'possible-duplicate', line: 2, leadId: null, similarity: expect.any(Number) }],
    ]);
    expect(p.items[1]!.note!.similarity).toBeGreaterThanOrEqual(0.85);

    expect(await commit(sessions.owner, job.id)).toMatchObject({
      status: 'completed',
      counts: { created: 2, updated: 0 },
    });
    expect(await names(org.organizationId)).toEqual(['Gabi Müller', 'Klaus Müller']);
    expect(await links(org.organizationId)).toEqual([
      { link: 'Gabi Müller → Klaus Müller', rule: 'name-company-fuzzy' },
    ]);
    const events = await t.sql<{ type: string; of: string }>(
      `select e.type, concat_ws(' ', o.first_name, o.last_name) as of from lead_events e
         join leads o on o.id = e.data->>'of' where e.organization_id = $1 and e.type = 'possible_duplicate'`,
      [org.organizationId],
    );
    expect(events).toEqual([{ type: 'possible_duplicate', of: 'Klaus Müller' }]);
    // After the commit, the note names the lead the row resembles.
    const after = await preview(sessions.owner, job.id);
    const [klaus] = await t.sql<{ id: string }>(
      `select id from leads where organization_id = $1 and first_name = 'Klaus'`,
      [org.organizationId],
    );
    expect(after.items[1]!.note).toMatchObject({ line: 2, leadId: klaus!.id });
  });

  it('links a resemblance within the file exactly as one to an existing lead, also across batches', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const existing = await seedLead(t, org, {
      firstName: 'Petra',
      lastName: 'Dvořáková',
      company: 'Globex s.r.o.',
      email: 'petra@globex.cz',
    });
    const file = [
      'First Name,Last Name,Email,Company',
      'Jana,Nováková,jana@skoda.cz,Škoda Digital a.s.',
      'Jana,Novakova,jana.novakova@skoda.cz,Skoda Digital',
      'Petr,Svoboda,petr@beta.cz,Beta',
      'Petra,Dvořákova,p.dvorakova@globex.cz,Globex',
    ].join('\n');
    const job = await uploaded(sessions.owner, file);
    const p = await preview(sessions.owner, job.id);
    expect(p.totals).toMatchObject({ create: 4, duplicate_in_file: 0, possible_duplicate: 2 });
    expect(
      p.items.map((i) => [i.line, i.outcome, i.note && { line: i.note.line, leadId: i.note.leadId }]),
    ).toEqual([
      [2, 'create', null],
      [3, 'create', { line: 2, leadId: null }],
      [4, 'create', null],
      [5, 'create', { line: null, leadId: existing }],
    ]);

    // Line 3's batch commits before line 2's (two run at once and may finish in any order): the lead it
    // resembles does not exist yet when it links; the end of the commit links it.
    const queued: ImportMessage[] = [];
    t.deps.jobs = { enqueue: async (m) => void queued.push(m) };
    try {
      expect((await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`)).status).toBe(202);
    } finally {
      t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
    }
    const batchJob = {
      id: job.id,
      organizationId: org.organizationId,
      actor: { type: 'system' as const, id: null },
      policy: 'skip' as const,
      now: new Date(),
    };
    expect(await commitBatch(t.db, batchJob, 2, 3)).toMatchObject({ status: 'done', created: 1 });
    expect(await commitBatch(t.db, batchJob, 0, 2)).toMatchObject({ status: 'done', created: 1 });
    expect(await links(org.organizationId)).toEqual([]);
    await runImportCommit(t.deps, t.db, queued[0]!, { batchSize: 1 });
    expect(await getJob(sessions.owner, job.id)).toMatchObject({
      status: 'completed',
      counts: { created: 4 },
    });
    expect(await links(org.organizationId)).toEqual([
      { link: 'Jana Novakova → Jana Nováková', rule: 'name-company-fuzzy' },
      { link: 'Petra Dvořákova → Petra Dvořáková', rule: 'name-company-fuzzy' },
    ]);
    const [events] = await t.sql<{ n: number }>(
      `select count(*)::int as n from lead_events where organization_id = $1 and type = 'possible_duplicate'`,
      [org.organizationId],
    );
    expect(events).toEqual({ n: 2 });
  });

  it('still folds the same email or the same valid phone (E.164) in the file into one person, but no invalid phone', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const file = [
      'First Name,Last Name,Email,Phone,Company',
      'Klaus,Müller,klaus@mueller-soehne.de,+49 30 1234567,Müller & Söhne GmbH',
      'K.,Mueller,KLAUS@Mueller-Soehne.de,,Müller & Söhne',
      'Klaus,M.,,+49-30-1234567,',
      // A phone that is no valid number identifies nobody: two people, not one.
      'Eva,Kraus,eva@kraus.example,12-34,',
      'Otto,Lang,otto@lang.example,12-34,',
    ].join('\n');
    const job = await uploaded(sessions.owner, file);
    const p = await preview(sessions.owner, job.id);
    expect(p.totals).toMatchObject({ create: 3, duplicate_in_file: 2 });
    expect(p.totals.possible_duplicate ?? 0).toBe(0);
    expect(p.items.map((i) => [i.line, i.outcome, i.reason, i.matchLine, i.note ?? null])).toEqual([
      [2, 'create', null, null, null],
      [3, 'duplicate_in_file', 'same-email-in-file', 2, null],
      [4, 'duplicate_in_file', 'same-phone-in-file', 2, null],
      [5, 'create', null, null, null],
      [6, 'create', null, null, null],
    ]);
    await commit(sessions.owner, job.id);
    expect(await names(org.organizationId)).toEqual(['Eva Kraus', 'Klaus Müller', 'Otto Lang']);
    expect(await links(org.organizationId)).toEqual([]);
  });

  it('skips possible duplicates when chosen, for all or per row; the choice stays with the job', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { firstName: 'Klaus', lastName: 'Müller', company: 'Müller & Söhne' });
    const file = [
      KLAUS_GABI, // lines 2 (Klaus) and 3 (Gabi) resemble the existing Klaus
      'Hana,Kovalenko,hana@praha-sud.cz,Praha Süd GmbH',
      'Marie,Kovalenko,marie@praha-sud.cz,Praha Süd a.s.', // resembles line 4
      'Petr,Svoboda,petr@beta.cz,Beta',
    ].join('\n');
    const job = await uploaded(sessions.owner, file);
    expect(job.possibleDuplicates).toEqual({ choice: 'create', except: [] });
    expect((await preview(sessions.owner, job.id)).totals).toMatchObject({
      create: 5,
      skip: 0,
      possible_duplicate: 3,
    });

    const all = await choose(sessions.owner, job.id, { choice: 'skip' });
    expect(all.status).toBe(200);
    expect(await bodyOf(all)).toMatchObject({
      status: 'previewed',
      possibleDuplicates: { choice: 'skip', except: [] },
      counts: { create: 2, skip: 3, possible_duplicate: 3 },
    });
    // Line 3 (Gabi) is created after all; the choice is the job's, as a reload reads it.
    expect((await choose(sessions.owner, job.id, { choice: 'create', line: 3 })).status).toBe(200);
    expect(await getJob(sessions.owner, job.id)).toMatchObject({
      possibleDuplicates: { choice: 'skip', except: [3] },
      counts: { create: 3, skip: 2 },
    });
    const p = await preview(sessions.owner, job.id);
    expect(p.items.map((i) => [i.line, i.outcome, i.note?.code ?? null])).toEqual([
      [2, 'skip', 'possible-duplicate'],
      [3, 'create', 'possible-duplicate'],
      [4, 'create', null],
      [5, 'skip', 'possible-duplicate'],
      [6, 'create', null],
    ]);

    // A line that is no possible duplicate is refused with a pointer; nothing changes.
    const wrong = await choose(sessions.owner, job.id, { choice: 'skip', line: 6 });
    expect(wrong.status).toBe(422);
    expect(await bodyOf(wrong)).toMatchObject({
      errors: [{ pointer: '/line', code: 'not-a-possible-duplicate' }],
    });
    expect((await choose(sessions.owner, job.id, { choice: 'maybe' })).status).toBe(422);
    expect((await choose(sessions.admin, job.id, { choice: 'skip' })).status).toBe(403);

    // The choice outlives a redone dry run (the policy changed).
    await call(t, sessions.owner, 'PUT', `/api/leads/imports/${job.id}/mapping`, { policy: 'fill_empty' });
    expect((await preview(sessions.owner, job.id)).totals).toMatchObject({ create: 3, skip: 2 });

    expect(await commit(sessions.owner, job.id)).toMatchObject({ counts: { created: 3, updated: 0 } });
    expect(await names(org.organizationId)).toEqual([
      'Gabi Müller',
      'Hana Kovalenko',
      'Klaus Müller',
      'Petr Svoboda',
    ]);
    expect(await links(org.organizationId)).toEqual([
      { link: 'Gabi Müller → Klaus Müller', rule: 'name-company-fuzzy' },
    ]);
    const report = await (
      await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}/errors.csv`)
    ).text();
    expect(report).toContain(
      '5,Marie,Kovalenko,marie@praha-sud.cz,Praha Süd a.s.,skip,possible-duplicate-in-file,4',
    );
    const audit = await t.sql<{ data: object }>(
      `select data from lead_events where entity_id = $1 and type = 'import.possible_duplicates_chosen' order by id`,
      [job.id],
    );
    expect(audit.map((e) => e.data)).toEqual([
      { choice: 'skip', line: null },
      { choice: 'create', line: 3 },
    ]);
    expect((await choose(sessions.owner, job.id, { choice: 'create' })).status).toBe(409);
  });
});
