import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { runImportCommit } from '../../edge/services/import/run';
import { routeRoundRobin, setupApi, type TestApi, type TestOrg } from '../support/api';
import { type Dump, dumpDatabase, findMarkers } from '../support/dump';
import { bodyOf, call, orgWithSessions, type Session } from '../support/workspace';

/**
 * What a copy of the database tells about a person. Emails and phone numbers are stored sealed (AES-GCM)
 * with blind indexes, so no plaintext of them may appear anywhere. Names, company and the other lead
 * fields are stored in plaintext on the lead itself (they are searched and sorted in SQL), on the staged
 * lead of an import row (until the staged rows expire) and in an assignee's notification ("Jana Nováková
 * was assigned to you"): those tables alone may hold a name. After erasure no trace may remain at all.
 */
const NAME_TABLES = ['public.import_rows', 'public.leads', 'public.notifications'];

type Person = { first: string; last: string; email: string; phoneRaw: string; phoneDigits: string };

function person(): Person {
  const tag = Math.random().toString(36).slice(2, 9);
  const digits = `77${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  return {
    first: `Fn${tag}`,
    last: `Ln${tag}`,
    email: `mk.${tag}@pii-marker.test`,
    phoneRaw: `+420 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`,
    phoneDigits: digits,
  };
}

/** The forms of a person's email and phone that must never be stored in plaintext. */
const contactMarkers = (p: Person) => [p.email, encodeURIComponent(p.email), p.phoneRaw, p.phoneDigits];
const nameMarkers = (p: Person) => [p.first, p.last];

/** A landing page whose query string carries the person's email and phone, as some form tools send. */
const pageOf = (p: Person) =>
  `https://www.example.com/demo?email=${encodeURIComponent(p.email)}&tel=${encodeURIComponent(p.phoneRaw)}&utm_source=ads&gclid=abc`;

function expectSealed(dump: Dump, people: Person[]) {
  expect(findMarkers(dump, people.flatMap(contactMarkers))).toEqual({});
  const names = findMarkers(dump, people.flatMap(nameMarkers));
  for (const tables of Object.values(names))
    expect(tables.filter((x) => !NAME_TABLES.includes(x))).toEqual([]);
}

function expectGone(dump: Dump, people: Person[]) {
  expect(
    findMarkers(
      dump,
      people.flatMap((p) => [...contactMarkers(p), ...nameMarkers(p)]),
    ),
  ).toEqual({});
}

describe.each(['postgres', 'pglite'] as const)('personal data at rest (%s)', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({}, { database });
    t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
  });
  afterAll(() => t?.close());

  async function eraseAll(org: TestOrg, owner: Session) {
    const ids = await t.sql<{ id: string }>('select id from leads where organization_id = $1', [
      org.organizationId,
    ]);
    for (const { id } of ids)
      expect((await call(t, owner, 'POST', `/api/leads/${id}/erase`)).status).toBe(200);
    return ids.length;
  }

  it('the widget, a plain HTML post, both webhook adapters, the API and quick create seal contact data; erasure leaves nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await t.sql('update forms set signals_enabled = true where id = $1', [org.formId]);
    // Every lead is assigned (notifications, emails to the assignee) and announced to a webhook receiver.
    await routeRoundRobin(t, org, 'everyone');
    const hook = await call(t, sessions.admin, 'POST', '/api/webhook-subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['lead.created', 'lead.updated', 'lead.assigned', 'lead.erased'],
    });
    expect(hook.status, await hook.clone().text()).toBe(201);
    const people: Person[] = [];

    const widget = person();
    people.push(widget);
    const res1 = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `k-${Math.random()}`,
        referer: pageOf(widget),
      },
      body: JSON.stringify({
        firstName: widget.first,
        lastName: widget.last,
        email: widget.email,
        phone: widget.phoneRaw,
        consent: true,
        pagesViewed: [pageOf(widget), 'https://www.example.com/pricing'],
        timeOnPage: 40_000,
      }),
    });
    expect(res1.status).toBe(201);
    expectSealed(await dumpDatabase(t), people);

    const html = person();
    people.push(html);
    const res2 = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: pageOf(html) },
      body: new URLSearchParams({
        first_name: html.first,
        last_name: html.last,
        email: html.email,
        phone: html.phoneRaw,
        retURL: pageOf(html),
      }).toString(),
    });
    expect(res2.status).toBe(303);
    expectSealed(await dumpDatabase(t), people);

    for (const adapter of ['leadgate', 'hubspot'] as const) {
      const p = person();
      people.push(p);
      const src = await bodyOf<{ id: string; secret: string }>(
        await call(t, sessions.admin, 'POST', '/api/webhook-sources', { name: adapter, adapter }),
      );
      const payload =
        adapter === 'leadgate'
          ? { firstName: p.first, lastName: p.last, email: p.email, phone: p.phoneRaw, page: pageOf(p) }
          : {
              fields: [
                { objectTypeId: '0-1', name: 'firstname', value: p.first },
                { objectTypeId: '0-1', name: 'lastname', value: p.last },
                { objectTypeId: '0-1', name: 'email', value: p.email },
                { objectTypeId: '0-1', name: 'phone', value: p.phoneRaw },
              ],
              context: { pageUri: pageOf(p), pageName: 'Demo', hutk: 'abc123', ipAddress: '192.0.2.1' },
            };
      const body = JSON.stringify(payload);
      const id = `msg_${Math.random().toString(36).slice(2)}`;
      const at = Math.floor(Date.now() / 1000);
      const res = await t.app.request(`/v1/hooks/${src.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(at),
          'webhook-signature': await signWebhook(src.secret, id, at, body),
        },
        body,
      });
      expect(res.status, await res.clone().text()).toBe(201);
      expectSealed(await dumpDatabase(t), people);
    }

    const api = person();
    people.push(api);
    const key = await bodyOf<{ key: string }>(
      await call(t, sessions.owner, 'POST', '/api/api-keys', { name: 'CRM sync', scopes: ['submit'] }),
    );
    const res3 = await t.app.request('/api/leads', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key.key}`,
        'content-type': 'application/json',
        'idempotency-key': 'api-1',
      },
      body: JSON.stringify({
        firstName: api.first,
        lastName: api.last,
        email: api.email,
        phone: api.phoneRaw,
      }),
    });
    expect(res3.status, await res3.clone().text()).toBe(201);
    expectSealed(await dumpDatabase(t), people);

    const quick = person();
    people.push(quick);
    const check = await call(
      t,
      sessions.member,
      'GET',
      `/api/leads/duplicates/check?email=${encodeURIComponent(quick.email)}&lastName=${quick.last}`,
    );
    expect(check.status).toBe(200);
    const res4 = await call(t, sessions.member, 'POST', '/api/leads', {
      firstName: quick.first,
      lastName: quick.last,
      email: quick.email,
      phone: quick.phoneRaw,
    });
    expect(res4.status).toBe(201);
    expectSealed(await dumpDatabase(t), people);

    // The dumps above did look where a person could leak: every such table holds this organization's rows.
    const o = org.organizationId;
    const [held] = await t.sql<Record<string, number>>(
      `select (select count(*)::int from notifications where organization_id = $1) as notifications,
        (select count(*)::int from outbox where organization_id = $1) as outbox,
        (select count(*)::int from webhook_messages where organization_id = $1) as webhook_messages,
        (select count(*)::int from webhook_deliveries where organization_id = $1) as webhook_deliveries,
        (select count(*)::int from idempotency_keys where organization_id = $1) as idempotency_keys`,
      [o],
    );
    for (const [table, n] of Object.entries(held!)) expect(n, table).toBeGreaterThan(0);
    const pages = await t.sql<{ page: string }>(
      `select data->>'page' as page from lead_events where organization_id = $1 and data ? 'page'
       and data->>'page' is not null`,
      [o],
    );
    expect(pages.map((p) => p.page)).toContain('https://www.example.com/demo?utm_source=ads&gclid=abc');
    expect(await eraseAll(org, sessions.owner)).toBe(people.length);
    expectGone(await dumpDatabase(t), people);
  });

  it('the quarantine seals what it holds; a released submission and a discarded one leave nothing after erasure', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [kept, dropped] = [person(), person()];
    for (const p of [kept, dropped]) {
      const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', referer: pageOf(p) },
        body: JSON.stringify({
          firstName: p.first,
          lastName: p.last,
          email: p.email,
          phone: p.phoneRaw,
          lg_hp: 'bot',
        }),
      });
      expect(res.status).toBe(201);
    }
    const dump = await dumpDatabase(t);
    expect(
      findMarkers(
        dump,
        [kept, dropped].flatMap((p) => [...contactMarkers(p), ...nameMarkers(p)]),
      ),
    ).toEqual({});
    const held = await t.sql<{ id: string }>(
      'select id from quarantined_submissions where organization_id = $1 order by created_at, id',
      [org.organizationId],
    );
    expect(held).toHaveLength(2);
    const release = await call(t, sessions.admin, 'POST', `/api/quarantine/${held[0]!.id}/release`);
    expect(release.status, await release.clone().text()).toBe(200);
    expect((await call(t, sessions.admin, 'POST', `/api/quarantine/${held[1]!.id}/discard`)).status).toBe(
      204,
    );
    expectSealed(await dumpDatabase(t), [kept, dropped]);
    await eraseAll(org, sessions.owner);
    expectGone(await dumpDatabase(t), [kept, dropped]);
  });

  it('a converted lead: contact data stays sealed; erasing the lead does not reach its CRM records', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const p = person();
    const created = await call(t, sessions.admin, 'POST', '/api/leads', {
      firstName: p.first,
      lastName: p.last,
      email: p.email,
      phone: p.phoneRaw,
      company: 'Acme',
    });
    const { id } = await bodyOf<{ id: string }>(created);
    await t.sql(`update leads set status = 'QUALIFIED', assigned_to = $2 where id = $1`, [
      id,
      org.users.member.id,
    ]);
    const conv = await call(t, sessions.admin, 'POST', `/api/leads/${id}/convert`, { createAccount: true });
    expect(conv.status).toBe(201);
    expect(findMarkers(await dumpDatabase(t), contactMarkers(p))).toEqual({});
    await eraseAll(org, sessions.owner);
    const after = await dumpDatabase(t);
    expect(findMarkers(after, contactMarkers(p))).toEqual({});
    // The contact (its name), the opportunity named after the person and its `created` event are CRM
    // records of their own: the lead's erasure leaves them, its own rows hold no trace.
    const names = findMarkers(after, nameMarkers(p));
    expect(names[p.last]).toEqual(['public.contacts', 'public.lead_events', 'public.opportunities']);
    const events = await t.sql<{ entity_type: string }>(
      `select entity_type from lead_events where organization_id = $1 and data::text like $2 order by 1`,
      [org.organizationId, `%${p.last}%`],
    );
    expect(events.map((e) => e.entity_type)).toEqual(['opportunity']);
  });

  it('a CSV import seals its staged rows staged, previewed, committed or cancelled; erasure leaves nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [a, b, bad, c] = [person(), person(), person(), person()];
    const upload = async (rows: string[]) => {
      const form = new FormData();
      const file = ['First Name,Last Name,Email,Phone', ...rows].join('\n');
      form.append('file', new Blob([file]), 'people.csv');
      const res = await t.app.request('/api/leads/imports', {
        method: 'POST',
        headers: sessions.owner.headers,
        body: form,
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await bodyOf<{ id: string }>(res)).id;
    };
    const line = (p: Person, email = p.email) => `${p.first},${p.last},${email},${p.phoneRaw}`;
    const status = async (method: string, path: string) =>
      (await call(t, sessions.owner, method, `/api/leads/imports/${path}`)).status;
    // An invalid row (the email does not parse) and a duplicate in the file stay for the error report.
    const committed = await upload([line(a), line(b), line(bad, `${bad.email}@`), line(a)]);
    expectSealed(await dumpDatabase(t), [a, b, bad]);
    expect(await status('GET', `${committed}/preview`)).toBe(200);
    expectSealed(await dumpDatabase(t), [a, b, bad]);
    expect(await status('POST', `${committed}/commit`)).toBe(202);
    expectSealed(await dumpDatabase(t), [a, b, bad]);
    const report = await call(t, sessions.owner, 'GET', `/api/leads/imports/${committed}/errors.csv`);
    expect(await report.text()).toContain(`${bad.email}@`);

    const cancelled = await upload([line(c)]);
    expect(await status('GET', `${cancelled}/preview`)).toBe(200);
    expect(await status('POST', `${cancelled}/cancel`)).toBe(200);
    expectSealed(await dumpDatabase(t), [a, b, bad, c]);

    expect(await eraseAll(org, sessions.owner)).toBe(2);
    expectGone(await dumpDatabase(t), [a, b]);
  });
});
