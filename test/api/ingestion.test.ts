import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewLeadBatcher } from '../../edge/services/ingest/insert-new-leads-batch';
import { createForm } from '../../edge/services/people/organizations';
import {
  createTestOrg,
  postJson,
  routeRoundRobin,
  setupApi,
  type TestApi,
  type TestOrg,
} from '../support/api';
import { holdableClock } from '../support/rate-window';

let t: TestApi;
const clock = holdableClock();
beforeAll(async () => {
  t = await setupApi({ now: clock.now });
});
afterAll(() => t.close());

const submit = (formId: string, body: unknown, headers: Record<string, string> = {}) =>
  postJson(t, `/v1/forms/${formId}/submissions`, body, headers);

async function leadsOf(orgId: string) {
  return t.sql<Record<string, unknown>>(
    'select * from leads where organization_id = $1 order by created_at, id',
    [orgId],
  );
}

describe('GET /v1/forms/:formId', () => {
  let org: TestOrg;
  let formId: string;
  beforeAll(async () => {
    org = await createTestOrg(t);
    formId = await createForm(t.deps, t.db, org.organizationId, {
      name: 'Embedded',
      allowedOrigins: ['https://landing.example.com'],
      consentText: { en: 'You may contact me.', de: 'Sie dürfen mich kontaktieren.' },
    });
  });

  it('serves the public definition, cacheable with an ETag', async () => {
    const res = await t.app.request(`/v1/forms/${formId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: formId,
      fields: expect.arrayContaining([{ name: 'lastName', required: true, label: {} }]),
      consentText: { en: 'You may contact me.', de: 'Sie dürfen mich kontaktieren.' },
      turnstileSiteKey: null,
      spam: { honeypotField: 'lg_hp', elapsedField: 'lg_elapsed', minSubmitSeconds: 2 },
      action: `/v1/forms/${formId}/submissions`,
    });
    expect(body).not.toHaveProperty('organizationId');
    expect(res.headers.get('cache-control')).toContain('max-age=60');
    const etag = res.headers.get('etag')!;
    const again = await t.app.request(`/v1/forms/${formId}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('allows CORS only for the allowed origins', async () => {
    const ok = await t.app.request(`/v1/forms/${formId}`, {
      headers: { origin: 'https://landing.example.com' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://landing.example.com');
    expect(ok.headers.get('vary')).toContain('Origin');
    const refused = await t.app.request(`/v1/forms/${formId}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    // The refusal of the definition is readable (the widget says what to allow); a submission's is not.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(((await refused.json()) as { code: string }).code).toBe('origin-not-allowed');
    const pre = await t.app.request(`/v1/forms/${formId}/submissions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://landing.example.com', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
  });

  it.each([
    ['a NUL', 'a%00b'],
    ['a lone surrogate', '%ED%A0%80'],
    ['65 characters', 'f'.repeat(65)],
  ])('answers a preflight for a form id with %s as for a missing form (404)', async (_name, id) => {
    for (const path of [`/v1/forms/${id}`, `/v1/forms/${id}/submissions`]) {
      const pre = await t.app.request(path, {
        method: 'OPTIONS',
        headers: { origin: 'https://landing.example.com', 'access-control-request-method': 'POST' },
      });
      expect(pre.status).toBe(404);
    }
  });

  it('lets an allowed origin read error answers too (422, 413), so the widget can show them', async () => {
    const headers = { origin: 'https://landing.example.com' };
    const invalid = await submit(formId, { firstName: 'NoLastName' }, headers);
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('access-control-allow-origin')).toBe('https://landing.example.com');
    const huge = await submit(formId, { lastName: 'x', description: 'y'.repeat(70_000) }, headers);
    expect(huge.status).toBe(413);
    expect(huge.headers.get('access-control-allow-origin')).toBe('https://landing.example.com');
  });

  it('answers a disabled form like an unknown one (404), storing nothing', async () => {
    const o = await createTestOrg(t);
    await t.sql(`update forms set status = 'disabled' where id = $1`, [o.formId]);
    const res = await submit(o.formId, { lastName: 'Late' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('form-not-found');
    expect((await t.app.request(`/v1/forms/${o.formId}`)).status).toBe(404);
    expect(await leadsOf(o.organizationId)).toHaveLength(0);
  });

  it('refuses a submission from an origin that is not allowed, storing nothing', async () => {
    const res = await submit(formId, { lastName: 'Evil' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await leadsOf(org.organizationId)).toHaveLength(0);
  });
});

describe('plain form posts', () => {
  it('takes a Salesforce Web-to-Lead form unchanged and honours retURL on an allowed origin', async () => {
    const org = await createTestOrg(t);
    const formId = await createForm(t.deps, t.db, org.organizationId, {
      name: 'SF',
      allowedOrigins: ['https://www.example.com'],
    });
    const body = new URLSearchParams({
      oid: '00D5g000004XXXX',
      retURL: 'https://www.example.com/thanks',
      first_name: 'Jürgen',
      last_name: 'Müller',
      email: 'J.Mueller@Example.DE',
      company: 'Müller & Söhne GmbH',
      title: 'Vertriebsleiter',
      phone: '030 1234567',
      city: 'Berlin',
      state: 'Berlin',
      zip: '10115',
      country: 'DE',
      industry: 'Software',
      employees: '250',
      lead_source: 'Trade Show',
      description: 'Bitte um Rückruf',
      '00N5g00000ABCDE': 'Premium',
      submit: 'Submit',
    });
    const res = await t.app.request(`/v1/forms/${formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://www.example.com' },
      body,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://www.example.com/thanks');
    const [lead] = await leadsOf(org.organizationId);
    expect(lead).toMatchObject({
      first_name: 'Jürgen',
      last_name: 'Müller',
      company: 'Müller & Söhne GmbH',
      title: 'Vertriebsleiter',
      city: 'Berlin',
      region: 'Berlin',
      country: 'DE',
      industry: 'Software',
      employees: 250,
      source: 'Trade Show',
      description: 'Bitte um Rückruf',
      phone_valid: true,
      custom: { postalCode: '10115', '00N5g00000ABCDE': 'Premium' },
    });
  });

  it('ignores a retURL on a foreign origin (no open redirect) and accepts multipart', async () => {
    const org = await createTestOrg(t);
    const form = new FormData();
    form.set('last_name', 'Novák');
    form.set('retURL', 'https://phishing.example/');
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, { method: 'POST', body: form });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/v1/forms/${org.formId}/thanks`);
    expect(await leadsOf(org.organizationId)).toHaveLength(1);
  });

  it('never redirects off-site on a forged Host: only APP_URL or a named origin is honoured', async () => {
    const org = await createTestOrg(t);
    const post = (retURL: string) =>
      // As the Node face builds the URL: from the request's Host header, which the sender chooses.
      t.app.request(`https://phishing.example/v1/forms/${org.formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ last_name: 'Host', retURL }),
      });
    const forged = await post('https://phishing.example/login');
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe(`/v1/forms/${org.formId}/thanks`);
    const config = t.deps.config;
    t.deps.config = { ...config, appUrl: 'https://leads.example.com/' };
    try {
      const own = await post('https://leads.example.com/welcome');
      expect(own.headers.get('location')).toBe('https://leads.example.com/welcome');
      expect((await post('https://phishing.example/login')).headers.get('location')).toBe(
        `/v1/forms/${org.formId}/thanks`,
      );
    } finally {
      t.deps.config = config;
    }
  });

  it('ignores retURL on a form open to every origin ("*"): only the form’s own redirect URL', async () => {
    const org = await createTestOrg(t);
    const post = (formId: string) =>
      t.app.request(`/v1/forms/${formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://phishing.example' },
        body: new URLSearchParams({ last_name: 'Star', retURL: 'https://phishing.example/login' }),
      });
    const open = await createForm(t.deps, t.db, org.organizationId, { name: 'Open', allowedOrigins: ['*'] });
    expect((await post(open)).headers.get('location')).toBe(`/v1/forms/${open}/thanks`);
    const redirecting = await createForm(t.deps, t.db, org.organizationId, {
      name: 'Open with a page',
      allowedOrigins: ['*'],
      redirectUrl: 'https://www.example.com/thanks',
    });
    expect((await post(redirecting)).headers.get('location')).toBe('https://www.example.com/thanks');
  });

  it('answers a Salesforce form without a last name with a pointer to last_name', async () => {
    const org = await createTestOrg(t);
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ first_name: 'Anna', oid: 'x' }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Array<{ pointer: string }> }).errors[0]!.pointer).toBe(
      '/last_name',
    );
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and body, storing one lead and one event', async () => {
    const org = await createTestOrg(t);
    const body = { lastName: 'Idem', email: 'idem@example.com' };
    const headers = { 'idempotency-key': 'key-1' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit(org.formId, body, headers)));
    const receipts = await Promise.all(
      answers.map(async (r) => [r.status, ((await r.json()) as { id: string }).id]),
    );
    expect(new Set(receipts.map((r) => r[1])).size).toBe(1);
    expect(receipts.every((r) => r[0] === 201)).toBe(true);
    const events = await t.sql(
      'select * from lead_events where organization_id = $1 and lead_id is not null',
      [org.organizationId],
    );
    expect(events).toHaveLength(1);
  });

  it('refuses the same key with another body (422 idempotency-key-reused) and stores nothing more', async () => {
    const org = await createTestOrg(t);
    await submit(org.formId, { lastName: 'First' }, { 'idempotency-key': 'k' });
    const res = await submit(org.formId, { lastName: 'Second' }, { 'idempotency-key': 'k' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe('idempotency-key-reused');
    expect((await leadsOf(org.organizationId)).map((l) => l.last_name)).toEqual(['First']);
  });

  it('rejects an Idempotency-Key over 255 characters', async () => {
    const org = await createTestOrg(t);
    const res = await submit(org.formId, { lastName: 'X' }, { 'idempotency-key': 'k'.repeat(256) });
    expect(res.status).toBe(400);
  });
});

describe('deduplication', () => {
  it('50 concurrent submissions of the same person create exactly one lead (20 rounds)', async () => {
    const org = await createTestOrg(t);
    // 1,000 submissions in a few seconds would trip the form's own burst limit (600/min) by design.
    await t.sql('update forms set rate_limit_per_form = 100000 where id = $1', [org.formId]);
    for (let round = 0; round < 20; round++) {
      const email = `race-${round}@example.com`;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          submit(
            org.formId,
            { lastName: 'Race', firstName: `R${i}`, email },
            { 'x-test-client-ip': `10.${round}.0.${i}` },
          ),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    }
    const [row] = await t.sql<{ n: string; people: string }>(
      'select count(*) as n, count(distinct email_index) as people from leads where organization_id = $1',
      [org.organizationId],
    );
    expect(row).toEqual({ n: '20', people: '20' });
    const [events] = await t.sql<{ created: string; resubmitted: string }>(
      `select count(*) filter (where type = 'created') as created, count(*) filter (where type = 'resubmitted') as resubmitted
         from lead_events where organization_id = $1`,
      [org.organizationId],
    );
    expect(events).toEqual({ created: '20', resubmitted: String(20 * 49) });
  }, 60_000); // 1,000 submissions, 980 of them merges into a locked row: ~10 s on a quiet 2-core machine

  it('concurrent resubmissions of one person lose no update: each fill lands, each on its own version', async () => {
    const org = await createTestOrg(t);
    await t.sql('update forms set rate_limit_per_form = 100000 where id = $1', [org.formId]);
    const first = await submit(org.formId, { lastName: 'Souběh', email: 'soubeh@example.cz' });
    expect(first.status).toBe(201);
    // Each resubmission brings a custom attribute of its own: a merge written from a stale read of the lead
    // would drop the attributes the merges before it added.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        submit(org.formId, { lastName: 'Souběh', email: 'soubeh@example.cz', [`attr${i}`]: `v${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const [lead] = await t.sql<{ custom: Record<string, string>; version: number }>(
      'select custom, version from leads where organization_id = $1',
      [org.organizationId],
    );
    expect(lead!.custom).toEqual(
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`attr${i}`, `v${i}`])),
    );
    const filled = await t.sql<{ filled: string[] }>(
      `select data->'filled' as filled from lead_events where organization_id = $1 and type = 'resubmitted'`,
      [org.organizationId],
    );
    expect(filled.map((e) => e.filled).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => [`custom.attr${i}`]).sort(),
    );
    expect(lead!.version).toBe(1 + 30);
  });

  it('matches on phone when the email differs, fills empty fields, keeps existing values and explains it', async () => {
    const org = await createTestOrg(t);
    await submit(org.formId, {
      lastName: 'Dvořák',
      firstName: 'Petr',
      phone: '+420 601 111 222',
      title: 'CTO',
    });
    const res = await submit(org.formId, {
      lastName: 'Dvořák',
      phone: '601111222',
      email: 'petr@example.cz',
      company: 'Brno Analytics s.r.o.',
      title: 'Engineer',
    });
    expect(res.status).toBe(201);
    const leads = await leadsOf(org.organizationId);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      title: 'CTO',
      company: 'Brno Analytics s.r.o.',
      company_key: 'brno analytics',
    });
    expect(leads[0]!.email_index).not.toBeNull();
    const [event] = await t.sql<{ data: Record<string, unknown> }>(
      `select data from lead_events where lead_id = $1 and type = 'resubmitted'`,
      [leads[0]!.id],
    );
    expect(event!.data).toMatchObject({
      dedupe: { rule: 'phone-exact' },
      filled: expect.arrayContaining(['company', 'companyKey', 'email']),
      conflicts: [{ field: 'title', kept: 'CTO', submitted: 'Engineer' }],
    });
  });

  it('links a fuzzy match (name + company ≥ 85 %) after the response, with the similarity', async () => {
    const org = await createTestOrg(t);
    await submit(org.formId, {
      firstName: 'Jana',
      lastName: 'Nováková',
      company: 'Škoda Digital a.s.',
      email: 'a@example.cz',
    });
    await submit(org.formId, {
      firstName: 'Jana',
      lastName: 'Novakova',
      company: 'Skoda Digital',
      email: 'b@example.cz',
    });
    let links: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 50 && links.length === 0; i++) {
      links = await t.sql('select * from duplicate_links where organization_id = $1', [org.organizationId]);
      if (links.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ rule: 'name-company-fuzzy', status: 'open' });
    expect(links[0]!.similarity).toBeGreaterThanOrEqual(0.85);
    expect(await leadsOf(org.organizationId)).toHaveLength(2);
  });
});

describe('scoring and routing', () => {
  it('scores with the organization rules and stores the breakdown and rule version', async () => {
    const org = await createTestOrg(t);
    await submit(org.formId, {
      lastName: 'Weiß',
      title: 'Head of Sales',
      industry: 'Software',
      employees: 250,
      country: 'DE',
    });
    const [lead] = await leadsOf(org.organizationId);
    expect(lead).toMatchObject({
      score: 60,
      score_version: 1,
      score_breakdown: [
        { rule: 'employees-large', points: 10, detail: '250' },
        { rule: 'industry', points: 15, detail: 'Software' },
        { rule: 'title-director', points: 15, detail: 'head of' },
        { rule: 'region', points: 10, detail: 'DE' },
        { rule: 'form-submitted', points: 10, detail: 'form' },
      ],
    });
  });

  it('routes round-robin within a team, fairly under concurrency, with notification and outbox email', async () => {
    const org = await createTestOrg(t);
    await routeRoundRobin(t, org, 'Inbound round-robin');
    await Promise.all(Array.from({ length: 12 }, (_, i) => submit(org.formId, { lastName: `RR${i}` })));
    const counts = await t.sql<{ assigned_to: string; n: string }>(
      'select assigned_to, count(*) as n from leads where organization_id = $1 group by assigned_to',
      [org.organizationId],
    );
    expect(counts.map((c) => Number(c.n)).sort()).toEqual([4, 4, 4]);
    const [side] = await t.sql<{ notes: string; mails: string; events: string }>(
      `select (select count(*) from notifications where organization_id = $1 and type = 'lead.assigned') as notes,
              (select count(*) from outbox where organization_id = $1 and kind = 'email') as mails,
              (select count(*) from lead_events where organization_id = $1 and type = 'assigned') as events`,
      [org.organizationId],
    );
    expect(side).toEqual({ notes: '12', mails: '12', events: '12' });
  });
});

describe('group commit (concurrent submissions share statements)', () => {
  it('stores grouped submissions exactly as one by one: leads, events, routing, keys, replays, fuzzy links', async () => {
    const org = await createTestOrg(t);
    await routeRoundRobin(t, org, 'Inbound');
    await submit(org.formId, {
      firstName: 'Jana',
      lastName: 'Nováková',
      company: 'Škoda Digital a.s.',
      email: 'known@example.cz',
    });
    const before = { ...t.deps.newLeads!.stats };
    const person = (i: number) => ({
      firstName: `F${i}`,
      lastName: `Group${i}`,
      company: `Company ${i} GmbH`,
      email: `g${i}@example.cz`,
    });
    const sends = [
      ...Array.from({ length: 30 }, (_, i) => submit(org.formId, person(i), { 'idempotency-key': `k-${i}` })),
      // The same key and body again while the first is in flight: one lead, the same answer.
      ...Array.from({ length: 3 }, () => submit(org.formId, person(0), { 'idempotency-key': 'k-0' })),
      // A known person (merge path) and a probable duplicate of her (linked after the response).
      submit(
        org.formId,
        { lastName: 'Nováková', email: 'KNOWN@example.cz', title: 'CTO' },
        { 'idempotency-key': 'k-known' },
      ),
      submit(org.formId, {
        firstName: 'Jana',
        lastName: 'Novakova',
        company: 'Skoda Digital',
        email: 'jn@example.cz',
      }),
    ];
    const responses = await Promise.all(sends);
    expect(responses.map((r) => r.status)).toEqual(Array(35).fill(201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ id: string }>;
    expect(new Set([bodies[0]!.id, bodies[30]!.id, bodies[31]!.id, bodies[32]!.id]).size).toBe(1);
    const stats = t.deps.newLeads!.stats;
    expect(stats.groups).toBeGreaterThan(before.groups); // some submissions did share a statement…
    expect(stats.fallbacks).toBe(before.fallbacks); // …and no group had to be retried one by one
    const [counts] = await t.sql<Record<string, string>>(
      `select (select count(*) from leads where organization_id = $1) as leads,
              (select count(*) from lead_events where organization_id = $1 and type = 'created') as created,
              (select count(*) from lead_events where organization_id = $1 and type = 'resubmitted') as resubmitted,
              (select count(*) from lead_events where organization_id = $1 and type = 'assigned') as assigned,
              (select count(*) from notifications where organization_id = $1 and type = 'lead.assigned') as notes,
              (select count(*) from outbox where organization_id = $1 and kind = 'email') as mails,
              (select count(*) from idempotency_keys where organization_id = $1 and status_code = 201) as keys,
              (select count(*) from idempotency_keys where organization_id = $1 and status_code is null) as pending`,
      [org.organizationId],
    );
    // 1 known + 30 + the probable duplicate; the known person's resubmission updates her lead.
    expect(counts).toEqual({
      leads: '32',
      created: '32',
      resubmitted: '1',
      assigned: '32',
      notes: '32',
      mails: '32',
      keys: '31',
      pending: '0',
    });
    const turns = await t.sql<{ n: string }>(
      'select count(*) as n from leads where organization_id = $1 group by assigned_to order by 1',
      [org.organizationId],
    );
    const perRep = turns.map((r) => Number(r.n));
    expect(perRep).toHaveLength(3);
    expect(perRep.reduce((a, b) => a + b)).toBe(32);
    // The round-robin stays fair. The known person's resubmission draws a turn in its INSERT before the
    // conflict is found (on the one-row path too), so one rep may miss one turn: 10/11/11 or 10/10/12.
    expect(Math.max(...perRep) - Math.min(...perRep)).toBeLessThanOrEqual(2);
    const [lead] = await t.sql<{ company: string; score: number; email_ciphertext: string }>(
      `select company, score, email_ciphertext from leads where organization_id = $1 and last_name = 'Group7'`,
      [org.organizationId],
    );
    expect(lead).toMatchObject({ company: 'Company 7 GmbH', score: 10 });
    expect(await t.deps.pii.decrypt(org.organizationId, 'email', lead!.email_ciphertext)).toBe(
      'g7@example.cz',
    );
    let links: Array<{ rule: string }> = [];
    for (let i = 0; i < 50 && links.length === 0; i++) {
      links = await t.sql('select rule from duplicate_links where organization_id = $1', [
        org.organizationId,
      ]);
      if (links.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(links).toEqual([{ rule: 'name-company-fuzzy' }]);
    const replay = await submit(org.formId, person(5), { 'idempotency-key': 'k-5' });
    expect(await replay.json()).toEqual(bodies[5]);
  });
});

describe('group commit meeting a key already held', () => {
  it('replays only that submission, writes the others as one statement, and draws no round-robin turn twice', async () => {
    const org = await createTestOrg(t);
    await routeRoundRobin(t, org, 'Inbound');
    const known = { lastName: 'Held', email: 'held@example.cz' };
    const first = await submit(org.formId, known, { 'idempotency-key': 'held-1' });
    expect(first.status).toBe(201);
    const answer = await first.json();
    const saved = t.deps.newLeads;
    const batcher = new NewLeadBatcher(t.db, t.deps, { lanes: 1 });
    t.deps.newLeads = batcher;
    // Hold the lane: the first submission's claim waits on this uncommitted claim of its key, while the
    // next fourteen queue behind it and then leave together.
    const blocker = new pg.Client({ connectionString: t.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(
        `insert into idempotency_keys (organization_id, scope, key, request_hash, created_at, expires_at)
         values ($1, $2, 'blocker', 'x', now(), now() + interval '1 day')`,
        [org.organizationId, `form:${org.formId}`],
      );
      const sends = [submit(org.formId, { lastName: 'Blocker' }, { 'idempotency-key': 'blocker' })];
      const blocked = async () =>
        (
          await t.sql<{ n: string }>(
            `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        )[0]!.n === '1';
      for (let i = 0; i < 500 && !(await blocked()); i++) await new Promise((r) => setTimeout(r, 10));
      expect(await blocked()).toBe(true);
      const people = Array.from({ length: 13 }, (_, i) =>
        submit(
          org.formId,
          { lastName: `Queued${i}`, email: `q${i}@example.cz` },
          { 'idempotency-key': `q-${i}` },
        ),
      );
      // The replay of the answered request, in the middle of the queue.
      sends.push(
        ...people.slice(0, 6),
        submit(org.formId, known, { 'idempotency-key': 'held-1' }),
        ...people.slice(6),
      );
      for (let i = 0; i < 500 && batcher.waiting < 14; i++) await new Promise((r) => setTimeout(r, 10));
      expect(batcher.waiting).toBe(14);
      await blocker.query('rollback');
      const responses = await Promise.all(sends);
      expect(responses.map((r) => r.status)).toEqual(Array(15).fill(201));
      expect(await responses[7]!.json()).toEqual(answer);
    } finally {
      await blocker.end();
      t.deps.newLeads = saved;
    }
    expect(batcher.stats).toMatchObject({ groups: 1, grouped: 13, held: 1, fallbacks: 0 });
    const turns = await t.sql<{ n: string }>(
      'select count(*) as n from leads where organization_id = $1 group by assigned_to',
      [org.organizationId],
    );
    // 15 leads, 15 turns: a statement that failed on the held key drew none.
    expect(turns.map((r) => Number(r.n))).toEqual([5, 5, 5]);
    const [counts] = await t.sql<Record<string, string>>(
      `select (select count(*) from lead_events where organization_id = $1 and type = 'created') as created,
              (select count(*) from lead_events where organization_id = $1 and type = 'resubmitted') as resubmitted,
              (select count(*) from idempotency_keys where organization_id = $1 and status_code = 201) as keys`,
      [org.organizationId],
    );
    expect(counts).toEqual({ created: '15', resubmitted: '0', keys: '15' });
  });
});

describe('rate limits', () => {
  it('answers the 11th submission a minute from one IP with 429, Retry-After and RateLimit headers', async () => {
    const org = await createTestOrg(t);
    const ip = { 'x-test-client-ip': '192.0.2.77' };
    const resume = clock.hold();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await submit(org.formId, { lastName: `L${i}` }, ip)).status);
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    const res = await submit(org.formId, { lastName: 'Again' }, ip);
    resume();
    expect(res.status).toBe(429);
    // 10 a minute: one more every 6 s once they are used up, and the whole quota back in a minute.
    expect(res.headers.get('retry-after')).toBe('6');
    expect(res.headers.get('ratelimit-policy')).toBe('"form-ip";q=10;w=60');
    expect(res.headers.get('ratelimit')).toBe('"form-ip";r=0;t=60');
    expect(((await res.json()) as { code: string }).code).toBe('rate-limited');
    expect(await leadsOf(org.organizationId)).toHaveLength(10);
  });
});
