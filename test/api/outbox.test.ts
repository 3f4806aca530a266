import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../edge/mail/drain-outbox';
import { ResendMailer } from '../../edge/mail/resend';
import { createTestOrg, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

type Seen = { headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> };

/** A fake of Resend's POST /emails: answers per recipient from a script, records every request. */
function fakeResend(script: Record<string, Array<[number, unknown]>>) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as { to: string[] };
      seen.push({ headers: req.headers, body });
      const [status, answer] = script[body.to[0]!]?.shift() ?? [200, { id: `re_${seen.length}` }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return { server, seen };
}

let t: TestApi;
let org: TestOrg;
let fake: ReturnType<typeof fakeResend>;
let endpoint: string;
const NOW = new Date('2026-03-01T07:00:00Z');

beforeAll(async () => {
  t = await setupApi();
  org = await createTestOrg(t);
  const { member, admin, owner } = org.users;
  fake = fakeResend({
    [member.email]: [[500, { statusCode: 500, name: 'internal_server_error', message: 'try later' }]],
    [owner.email]: [[422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' }]],
  });
  await new Promise<void>((ok) => fake.server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/emails`;
  await t.sql(`update users set locale = 'de' where id = $1`, [member.id]);
  for (const [id, user, count] of [
    ['obx_m', member.id, 2],
    ['obx_a', admin.id, 3],
    ['obx_o', owner.id, 0],
  ] as const) {
    await t.sql(
      `insert into outbox (id, organization_id, kind, payload, next_attempt_at, created_at) values ($1, $2, 'email', $3, $4, $4)`,
      [
        id,
        org.organizationId,
        JSON.stringify({
          template: 'stale-digest',
          userId: user,
          count,
          teamCount: null,
          link: '/app/leads?stale=30',
        }),
        NOW.toISOString(),
      ],
    );
  }
});
afterAll(async () => {
  fake?.server.close();
  await t?.close();
});

const status = async (id: string) =>
  (
    await t.sql<{ status: string; attempts: number; last_error: string | null; next_attempt_at: Date }>(
      'select status, attempts, last_error, next_attempt_at from outbox where id = $1',
      [id],
    )
  )[0]!;

describe('outbox drain against a fake Resend (HTTP level)', () => {
  it('sends in the wire format, retries a 5xx with backoff, fails a 4xx for good', async () => {
    const mailer = new ResendMailer(
      { endpoint, apiKey: 're_test_key', from: 'Leadgate <leads@example.test>' },
      fetch,
    );
    const deps = { mailer, appUrl: 'https://leads.example.test' };
    expect(await drainOutbox(deps, t.db, NOW)).toEqual({ sent: 1, retried: 1, failed: 1 });

    const toAdmin = fake.seen.find((s) => (s.body.to as string[])[0] === org.users.admin.email)!;
    expect(toAdmin.headers.authorization).toBe('Bearer re_test_key');
    expect(toAdmin.headers['idempotency-key']).toBe('obx_a');
    expect(toAdmin.body).toMatchObject({
      from: 'Leadgate <leads@example.test>',
      to: [org.users.admin.email],
      subject: 'You have 3 stale leads needing attention',
    });
    expect(toAdmin.body.html).toContain('href="https://leads.example.test/app/leads?stale=30"');
    const toMember = fake.seen.find((s) => (s.body.to as string[])[0] === org.users.member.email)!;
    expect(toMember.body.subject).toBe('Sie haben 2 inaktive Leads, die Aufmerksamkeit brauchen');

    expect(await status('obx_a')).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(await status('obx_o')).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: '422: Invalid `to` field.',
    });
    const retried = await status('obx_m');
    expect(retried).toMatchObject({ status: 'pending', attempts: 1, last_error: '500: try later' });
    expect(new Date(retried.next_attempt_at).toISOString()).toBe('2026-03-01T07:01:00.000Z');

    // Not due yet: nothing is sent. After the backoff: the retry succeeds.
    expect(await drainOutbox(deps, t.db, new Date(NOW.getTime() + 30_000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(await drainOutbox(deps, t.db, new Date(NOW.getTime() + 61_000))).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(await status('obx_m')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.seen).toHaveLength(4);
  });

  it('a network failure is retryable', async () => {
    const mailer = new ResendMailer(
      { endpoint: 'http://127.0.0.1:9/emails', apiKey: 'k', from: 'f@example.test' },
      fetch,
    );
    const result = await mailer.send({
      to: 'a@example.test',
      subject: 's',
      text: 't',
      html: 'h',
      idempotencyKey: 'x',
    });
    expect(result).toMatchObject({ ok: false, retryable: true });
  });
});

describe('GET /api/outbox', () => {
  it('admins see the rendered emails and their status; members are refused', async () => {
    const admin = await signIn(t, org.users.admin.email);
    const res = await t.app.request('/api/outbox', { headers: admin.headers });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Array<Record<string, unknown>> };
    expect(items.map((i) => i.id).sort()).toEqual(['obx_a', 'obx_m', 'obx_o']);
    expect(items.find((i) => i.id === 'obx_a')).toMatchObject({
      template: 'stale-digest',
      to: { email: org.users.admin.email },
      subject: 'You have 3 stale leads needing attention',
    });
    const member = await signIn(t, org.users.member.email);
    const refused = await t.app.request('/api/outbox', { headers: member.headers });
    expect(refused.status).toBe(403);
  });
});
