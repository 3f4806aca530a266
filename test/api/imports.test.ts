import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobView, ImportPreview } from '../../edge/contract/imports';
import { commitBatch } from '../../edge/services/import/commit';
import { type ImportMessage, runImportCommit } from '../../edge/services/import/run';
import { routeRoundRobin, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
  // Commits run to the end before the commit request answers, so tests read a finished job.
  t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
});
afterAll(() => t.close());

function upload(
  session: Session,
  file: Uint8Array | string,
  extra: Record<string, string> = {},
  name = 'leads.csv',
) {
  const form = new FormData();
  form.append('file', new Blob([file as BlobPart]), name);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return t.app.request('/api/leads/imports', { method: 'POST', headers: session.headers, body: form });
}

async function uploaded(session: Session, file: string, extra: Record<string, string> = {}) {
  const res = await upload(session, file, extra);
  expect(res.status, await res.clone().text()).toBe(201);
  return bodyOf<ImportJobView>(res);
}

const preview = async (s: Session, id: string, query = '') =>
  bodyOf<ImportPreview>(await call(t, s, 'GET', `/api/leads/imports/${id}/preview${query}`));

/** Asks for the commit with a queue that only keeps the message: the test then runs the batches itself. */
async function commitQueued(session: Session, id: string): Promise<ImportMessage> {
  const queued: ImportMessage[] = [];
  t.deps.jobs = { enqueue: async (m) => void queued.push(m) };
  try {
    expect((await call(t, session, 'POST', `/api/leads/imports/${id}/commit`)).status).toBe(202);
  } finally {
    t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
  }
  return queued[0]!;
}

const FILE = [
  'First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lead Source,Shoe size',
  'Jana,Nováková,jana@example.cz,+420 601 123 456,Acme s.r.o.,CTO,Expo 2026,38',
  'Petr,Svoboda,petr@example.cz,,Beta a.s.,,,',
  'Jana,Novakova,JANA@example.cz,,Acme,,,', // same email as line 2
  ',NoFirst,not-an-email,,,,,', // invalid email
  'Olena,Шевченко,olena@example.ua,0501234567,Київ ТОВ,,,',
  'Max,Muster,,,"Muster GmbH",,,',
].join('\r\n');

describe('CSV import', () => {
  it('tells those who asked of the new leads it left unassigned, once per import, not the importer or viewers', async () => {
    const { org, sessions } = await orgWithSessions(t);
    for (const role of ['owner', 'admin', 'member', 'viewer'] as const)
      expect(
        (await call(t, sessions[role], 'PATCH', '/api/account', { notifyNewLeads: 'claimable' })).status,
      ).toBe(200);
    const file = [
      'Last Name,Email',
      'Aalto,aalto@example.fi',
      'Bauer,bauer@example.de',
      'Cerny,cerny@example.cz',
    ].join('\n');
    const job = await uploaded(sessions.owner, file);
    expect((await preview(sessions.owner, job.id)).totals).toMatchObject({ create: 3 });
    expect((await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`)).status).toBe(202);
    const rows = await t.sql<{ user_id: string; data: unknown; link: string }>(
      `select user_id, data, link from notifications where organization_id = $1 and type = 'import.claimable'
       order by user_id`,
      [org.organizationId],
    );
    expect(rows).toEqual(
      [sessions.admin.userId, sessions.member.userId].sort().map((user_id) => ({
        user_id,
        data: { jobId: job.id, filename: 'leads.csv', count: 3 },
        link: '/app/leads?assignee=unassigned',
      })),
    );
  });

  it('uploads, previews, commits and reports: the happy path with every outcome', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const existing = await seedLead(t, org, {
      lastName: 'Muster',
      firstName: 'Max',
      email: 'max@example.de',
    });
    const similar = await seedLead(t, org, { lastName: 'Muster', firstName: 'Maks', company: 'Muster GmbH' });
    const job = await uploaded(sessions.owner, FILE);
    expect(job).toMatchObject({ status: 'staged', totalRows: 6, delimiter: ',', encoding: 'utf-8' });
    expect(job.mapping).toMatchObject({
      'First Name': 'firstName',
      'Phone Number': 'phone',
      'Shoe size': 'custom',
    });

    const p = await preview(sessions.owner, job.id);
    expect(p.totals).toEqual({
      create: 4,
      update: 0,
      duplicate_in_file: 1,
      skip: 0,
      invalid: 1,
      possible_duplicate: 1,
    });
    expect(p.items.map((i) => [i.line, i.outcome])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'duplicate_in_file'],
      [5, 'invalid'],
      [6, 'create'],
      [7, 'create'],
    ]);
    expect(p.items[2]).toMatchObject({ reason: 'same-email-in-file', matchLine: 2 });
    expect(p.items[3]!.reason).toBe('email-invalid');
    expect(p.items[5]).toMatchObject({
      reason: 'possible-duplicate',
      note: { code: 'possible-duplicate', line: null, leadId: similar },
    });
    expect(p.items[5]!.matchLeadId).toBe(similar);
    expect(existing).not.toBe(similar);
    const invalid = await preview(sessions.owner, job.id, '?outcome=invalid');
    expect(invalid.items.map((i) => i.line)).toEqual([5]);

    const commit = await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`);
    expect(commit.status).toBe(202);
    const done = await bodyOf<ImportJobView>(
      await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}`),
    );
    expect(done).toMatchObject({ status: 'completed', progress: 1, counts: { created: 4, updated: 0 } });

    const leads = await t.sql<{
      last_name: string;
      email_ciphertext: string;
      custom: object;
      source: string;
    }>(
      `select last_name, email_ciphertext, custom, source from leads where organization_id = $1 and id in
         (select lead_id from import_rows where job_id = $2 and outcome = 'create') order by last_name`,
      [org.organizationId, job.id],
    );
    expect(leads.map((l) => l.last_name)).toEqual(['Muster', 'Nováková', 'Svoboda', 'Шевченко']);
    expect(leads.find((l) => l.last_name === 'Nováková')).toMatchObject({
      custom: { 'Shoe size': '38' },
      source: 'Expo 2026',
    });
    expect(JSON.stringify(leads)).not.toContain('jana@example.cz');
    const events = await t.sql<{ type: string; n: number }>(
      `select type, count(*)::int as n from lead_events where organization_id = $1 and type like 'import%' group by type order by type`,
      [org.organizationId],
    );
    expect(events).toEqual([
      { type: 'import.committed', n: 1 },
      { type: 'import.created', n: 1 },
      { type: 'imported', n: 4 },
    ]);
    const plain = await t.sql(
      `select line from import_rows where job_id = $1 and (data::text like '%@example.cz%' or cells_ciphertext like '%@%')`,
      [job.id],
    );
    expect(plain).toEqual([]); // the cells are sealed
    const kept = await t.sql(
      'select line from import_rows where job_id = $1 and cells_ciphertext is not null order by line',
      [job.id],
    );
    expect(kept).toEqual([{ line: 4 }, { line: 5 }]); // only the error report's rows keep their cells
    const links = await t.sql('select rule from duplicate_links where organization_id = $1', [
      org.organizationId,
    ]);
    expect(links).toEqual([{ rule: 'name-company-fuzzy' }]);
    const notes = await t.sql('select type from notifications where user_id = $1', [sessions.owner.userId]);
    expect(notes).toEqual([{ type: 'import.completed' }]);

    const report = await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}/errors.csv`);
    expect(report.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await report.text();
    expect(text.split('\r\n')[0]).toBe(
      'Line,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lead Source,Shoe size,Outcome,Reason,Matching line',
    );
    expect(text).toContain('4,Jana,Novakova,JANA@example.cz');
    expect(text).toContain('5,,NoFirst,not-an-email');
  });

  it.each([
    ['skip', { skip: 1, update: 0 }, { title: null, city: 'Brno' }],
    ['fill_empty', { skip: 0, update: 1 }, { title: 'CEO', city: 'Brno' }],
    ['overwrite', { skip: 0, update: 1 }, { title: 'CEO', city: 'Praha' }],
  ])('applies the duplicate policy %s to a lead that exists', async (policy, totals, stored) => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await seedLead(t, org, { lastName: 'Dvořák', email: 'dvorak@example.cz', city: 'Brno' });
    const job = await uploaded(
      sessions.owner,
      'Last Name;Email;Title;City\nDvořák;Dvorak@Example.cz;CEO;Praha\n',
      { policy },
    );
    expect((await preview(sessions.owner, job.id)).totals).toMatchObject({ create: 0, ...totals });
    expect((await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`)).status).toBe(202);
    const [lead] = await t.sql('select title, city from leads where id = $1', [id]);
    expect(lead).toEqual(stored);
    const count = await t.sql('select count(*)::int as n from leads where organization_id = $1', [
      org.organizationId,
    ]);
    expect(count).toEqual([{ n: 1 }]);
  });

  it('scores and routes imported leads: round-robin over the team, one assigned event each', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await routeRoundRobin(t, org, 'Imports round-robin');
    const rows = Array.from({ length: 9 }, (_, i) => `RR${i},Software,250,Head of Sales,DE`);
    const job = await uploaded(
      sessions.owner,
      `Last Name,Industry,Employees,Job Title,Country\n${rows.join('\n')}\n`,
    );
    await preview(sessions.owner, job.id);
    await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`);
    const counts = await t.sql<{ n: number }>(
      'select count(*)::int as n from leads where organization_id = $1 group by assigned_to order by 1',
      [org.organizationId],
    );
    expect(counts).toEqual([{ n: 3 }, { n: 3 }, { n: 3 }]);
    const [lead] = await t.sql(
      'select score, score_breakdown from leads where organization_id = $1 limit 1',
      [org.organizationId],
    );
    expect(lead).toMatchObject({ score: 50 });
    expect((lead!.score_breakdown as Array<{ rule: string }>).map((b) => b.rule)).not.toContain(
      'form-submitted',
    );
    const [events] = await t.sql(
      `select count(*)::int as n from lead_events where organization_id = $1 and type = 'assigned'`,
      [org.organizationId],
    );
    expect(events).toEqual({ n: 9 });
  });

  it('changes the duplicate policy and the mapping after upload, redoing the dry run', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { lastName: 'Dvořák', email: 'dvorak@example.cz' });
    const job = await uploaded(sessions.owner, 'Surname,Mail,Nick\nDvořák,dvorak@example.cz,Tom\n');
    expect((await preview(sessions.owner, job.id)).totals).toMatchObject({ skip: 1 });
    const res = await call(t, sessions.owner, 'PUT', `/api/leads/imports/${job.id}/mapping`, {
      mapping: { Surname: 'lastName', Mail: 'ignore', Nick: 'firstName' },
      policy: 'overwrite',
    });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ status: 'staged', policy: 'overwrite' });
    expect((await preview(sessions.owner, job.id)).totals).toMatchObject({ create: 1, skip: 0 });
  });

  it('resumes a commit after a crash without duplicating a lead', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const rows = Array.from({ length: 25 }, (_, i) => `Person${i},p${i}@example.cz`);
    const job = await uploaded(sessions.owner, `Last Name,Email\n${rows.join('\n')}\n`);
    await preview(sessions.owner, job.id);
    const queued = await commitQueued(sessions.owner, job.id);
    await runImportCommit(t.deps, t.db, queued, { batchSize: 10, maxBatches: 1 }); // then the process "dies"
    const mid = await bodyOf<ImportJobView>(
      await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}`),
    );
    expect(mid).toMatchObject({ status: 'committing', processedRows: 10, progress: 0.4 });
    await runImportCommit(t.deps, t.db, queued, { batchSize: 10 }); // the restart resumes
    await runImportCommit(t.deps, t.db, queued, { batchSize: 10 }); // a duplicate delivery changes nothing
    const [leads] = await t.sql('select count(*)::int as n from leads where organization_id = $1', [
      org.organizationId,
    ]);
    const [events] = await t.sql(
      `select count(*)::int as n from lead_events where organization_id = $1 and type = 'imported'`,
      [org.organizationId],
    );
    expect([leads, events]).toEqual([{ n: 25 }, { n: 25 }]);
    const done = await bodyOf<ImportJobView>(
      await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}`),
    );
    expect(done).toMatchObject({ status: 'completed', counts: { created: 25 } });
  });

  it('records batches that finish out of order, and a batch delivered twice changes nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { lastName: 'Known', email: 'p3@example.cz' });
    const rows = Array.from({ length: 30 }, (_, i) => `Person${i},p${i}@example.cz,Co ${i}`);
    const job = await uploaded(sessions.owner, `Last Name,Email,Company\n${rows.join('\n')}\n`, {
      policy: 'fill_empty',
    });
    await preview(sessions.owner, job.id);
    const queued = await commitQueued(sessions.owner, job.id);
    // Lines 2–31; batches of 10 lines: (1, 11], (11, 21], (21, 31]. The second one finishes first.
    const batchJob = {
      id: job.id,
      organizationId: org.organizationId,
      actor: { type: 'system' as const, id: null },
      policy: 'fill_empty' as const,
      now: new Date(),
    };
    const state = async () =>
      (
        await t.sql<{ committed_line: number; committed_ahead: object; processed_rows: number }>(
          'select committed_line, committed_ahead, processed_rows from import_jobs where id = $1',
          [job.id],
        )
      )[0];
    expect(await commitBatch(t.db, batchJob, 11, 21)).toMatchObject({ status: 'done', created: 10 });
    expect(await state()).toEqual({ committed_line: 0, committed_ahead: { 11: 21 }, processed_rows: 10 });
    expect(await commitBatch(t.db, batchJob, 11, 21)).toEqual({
      status: 'already-done',
      created: 0,
      updated: 0,
    });
    expect(await commitBatch(t.db, batchJob, 0, 11)).toMatchObject({
      status: 'done',
      created: 9,
      updated: 1,
    });
    expect(await state()).toEqual({ committed_line: 21, committed_ahead: {}, processed_rows: 20 });
    expect(await commitBatch(t.db, batchJob, 0, 11)).toEqual({
      status: 'already-done',
      created: 0,
      updated: 0,
    });
    await runImportCommit(t.deps, t.db, queued, { batchSize: 10 }); // the rest, two batches at a time
    const [leads] = await t.sql('select count(*)::int as n from leads where organization_id = $1', [
      org.organizationId,
    ]);
    const events = await t.sql(
      `select data->>'outcome' as outcome, count(*)::int as n from lead_events
        where organization_id = $1 and type = 'imported' group by 1 order by 1`,
      [org.organizationId],
    );
    expect(leads).toEqual({ n: 30 });
    expect(events).toEqual([
      { outcome: 'created', n: 29 },
      { outcome: 'updated', n: 1 },
    ]);
    const done = await bodyOf<ImportJobView>(
      await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}`),
    );
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 30,
      counts: { created: 29, updated: 1 },
    });
  });

  it('cancels: a cancelled job commits nothing more and cannot be committed', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const job = await uploaded(sessions.owner, 'Last Name\nA\nB\nC\n');
    await preview(sessions.owner, job.id);
    const res = await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/cancel`);
    expect(await bodyOf(res)).toMatchObject({ status: 'cancelled' });
    const commit = await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`);
    expect(commit.status).toBe(409);
    const [count] = await t.sql('select count(*)::int as n from leads where organization_id = $1', [
      org.organizationId,
    ]);
    expect(count).toEqual({ n: 0 });
    expect((await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/cancel`)).status).toBe(409);
  });
});

describe('CSV import: bad input', () => {
  it.each([
    ['an empty file', '', 422, '/file', 'empty-file'],
    ['a header-only file', 'First Name,Last Name\n', 422, '/file', 'header-only'],
    ['a binary file', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08, 0]), 422, '/file', 'binary-file'],
    ['duplicate header names', 'Email,Last Name,email\na,b,c\n', 422, '/headers/2', 'duplicate-headers'],
  ])('refuses %s with problem+json', async (_name, file, status, pointer, code) => {
    const { sessions } = await orgWithSessions(t);
    const res = await upload(sessions.owner, file);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await bodyOf(res)).toMatchObject({ errors: [{ pointer, code }] });
  });

  it('refuses bytes invalid in the encoding chosen, and reads Windows-1252 with a notice', async () => {
    const { sessions } = await orgWithSessions(t);
    const latin1 = Uint8Array.from([...'Nachname;Firma\nMüller;Größe\n'].map((c) => c.charCodeAt(0)));
    const bad = await upload(sessions.owner, latin1, { encoding: 'utf-8' });
    expect(bad.status).toBe(422);
    expect(await bodyOf(bad)).toMatchObject({ errors: [{ pointer: '/encoding', code: 'invalid-encoding' }] });
    const res = await upload(sessions.owner, latin1);
    expect(await bodyOf(res)).toMatchObject({
      encoding: 'windows-1252',
      notice: expect.stringMatching(/Windows-1252/),
    });
  });

  it('refuses more than 50,000 rows', async () => {
    const { sessions } = await orgWithSessions(t);
    const res = await upload(sessions.owner, `Last Name\n${'x\n'.repeat(50_001)}`);
    expect(res.status).toBe(422);
    expect(await bodyOf(res)).toMatchObject({ errors: [{ pointer: '/file', code: 'too-many-rows' }] });
  });

  it('refuses a mapping without a last name (422), and a guessed one waits for the user', async () => {
    const { sessions } = await orgWithSessions(t);
    const file = 'Email,Nick\na@example.cz,A\n';
    const res = await upload(sessions.owner, file, {
      mapping: JSON.stringify({ Email: 'email', Nick: 'firstName' }),
    });
    expect(res.status).toBe(422);
    expect(await bodyOf(res)).toMatchObject({
      errors: [{ pointer: '/mapping', code: 'last-name-required' }],
    });
    const job = await uploaded(sessions.owner, file);
    expect(job.status).toBe('needs_mapping');
    expect((await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}/preview`)).status).toBe(409);
    const put = await call(t, sessions.owner, 'PUT', `/api/leads/imports/${job.id}/mapping`, {
      mapping: { Email: 'email' },
    });
    expect(put.status).toBe(422);
  });

  it('refuses a commit before the preview and a second commit (409)', async () => {
    const { sessions } = await orgWithSessions(t);
    const job = await uploaded(sessions.owner, 'Last Name\nA\n');
    const early = await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`);
    expect(early.status).toBe(409);
    expect(await bodyOf(early)).toMatchObject({
      code: 'conflict',
      detail: 'Run the preview (dry run) before committing.',
    });
    await preview(sessions.owner, job.id);
    expect((await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`)).status).toBe(202);
    const again = await call(t, sessions.owner, 'POST', `/api/leads/imports/${job.id}/commit`);
    expect(again.status).toBe(409);
    expect(await bodyOf(again)).toMatchObject({ detail: 'The import is already completed.' });
  });

  it('lets only owners import, and never across organizations', async () => {
    const { sessions } = await orgWithSessions(t);
    expect((await upload(sessions.member, 'Last Name\nA\n')).status).toBe(403);
    expect((await upload(sessions.admin, 'Last Name\nA\n')).status).toBe(403);
    const job = await uploaded(sessions.owner, 'Last Name\nA\n');
    const other = await orgWithSessions(t);
    expect((await call(t, other.sessions.owner, 'GET', `/api/leads/imports/${job.id}`)).status).toBe(404);
  });

  it('neutralises formula cells in the error report', async () => {
    const { sessions } = await orgWithSessions(t);
    const job = await uploaded(sessions.owner, 'Last Name,Note\n,"=HYPERLINK(""http://x"")"\n');
    await preview(sessions.owner, job.id);
    const text = await (
      await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}/errors.csv`)
    ).text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('serves a template whose headers map to lead fields, and saves mapping templates', async () => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.member, 'GET', '/api/leads/imports/template.csv');
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toMatch(/^First Name,Last Name,Email/);
    const saved = await call(t, sessions.owner, 'POST', '/api/leads/imports/templates', {
      name: 'Expo',
      mapping: { Surname: 'lastName' },
    });
    expect(saved.status).toBe(201);
    const list = await bodyOf<{ items: unknown[] }>(
      await call(t, sessions.owner, 'GET', '/api/leads/imports/templates'),
    );
    expect(list.items).toMatchObject([{ name: 'Expo', mapping: { Surname: 'lastName' } }]);
  });
});

describe('CSV import: rows staged before cells were sealed', () => {
  it('are read from their plaintext cells, and sealed when re-staged', async () => {
    const { sessions } = await orgWithSessions(t);
    const job = await uploaded(sessions.owner, 'Last Name,Email\nSealed,not-an-email\n');
    await t.sql(
      `update import_rows set data = '{"Last Name": "Legacy", "Email": "legacy@"}', cells_ciphertext = null
       where job_id = $1`,
      [job.id],
    );
    expect((await preview(sessions.owner, job.id)).items).toMatchObject([
      { line: 2, outcome: 'invalid', data: { 'Last Name': 'Legacy', Email: 'legacy@' } },
    ]);
    const report = await call(t, sessions.owner, 'GET', `/api/leads/imports/${job.id}/errors.csv`);
    expect(await report.text()).toContain('2,Legacy,legacy@,invalid');
    const res = await call(t, sessions.owner, 'PUT', `/api/leads/imports/${job.id}/mapping`, {
      mapping: { 'Last Name': 'lastName', Email: 'ignore' },
    });
    expect(res.status).toBe(200);
    const [row] = await t.sql<{ data: object; sealed: boolean }>(
      'select data, cells_ciphertext is not null as sealed from import_rows where job_id = $1',
      [job.id],
    );
    expect(row).toEqual({ data: {}, sealed: true });
    expect((await preview(sessions.owner, job.id)).items).toMatchObject([
      { line: 2, outcome: 'create', data: { 'Last Name': 'Legacy', Email: 'legacy@' } },
    ]);
  });
});
