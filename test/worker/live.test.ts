import { FormData } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/connect';
import type { LiveEvent } from '../../edge/contract/live';
import { formatId } from '../../edge/core/ids';
import { randomBytes } from '../../edge/crypto/encoding';
import { defaultConfig } from '../../edge/deps';
import { createForm, createOrganization } from '../../edge/services/people/organizations';
import { startWorker, type WorkerHarness } from './support';

/**
 * Live updates on Workers: a WebSocket to GET /api/live is held by the organization's room (a Durable
 * Object); the worker posts the database's notices to it once a request's work is done.
 */
let harness: WorkerHarness;
let conn: Awaited<ReturnType<typeof connect>>;
let formA: string;
let formB: string;

type Socket = {
  events: LiveEvent[];
  pongs: number;
  /** The close code the room sent, once it closed the socket. */
  closedWith: number | null;
  ping: () => void;
  close: () => void;
};

beforeAll(async () => {
  harness = await startWorker();
  conn = await connect({ url: harness.database.url });
  const deps = {
    now: () => new Date(),
    newId: (p: string) => formatId(p, Date.now(), randomBytes(10)),
    config: defaultConfig,
  };
  const a = await createOrganization(deps, conn.db, {
    name: 'Live A',
    slug: 'live-a',
    members: [
      { email: 'a@live.test', name: 'Ann', role: 'owner', password: 'live-pass-1' },
      { email: 'gone@live.test', name: 'Gus', role: 'member', password: 'live-pass-3' },
      { email: 'max@live.test', name: 'Max', role: 'member', password: 'live-pass-4' },
      { email: 'sam@live.test', name: 'Sam', role: 'member', password: 'live-pass-5' },
      { email: 'out@live.test', name: 'Otto', role: 'member', password: 'live-pass-6' },
    ],
  });
  const b = await createOrganization(deps, conn.db, {
    name: 'Live B',
    slug: 'live-b',
    members: [{ email: 'b@live.test', name: 'Bob', role: 'member', password: 'live-pass-2' }],
  });
  formA = await createForm(deps, conn.db, a.organizationId, { name: 'A form' });
  formB = await createForm(deps, conn.db, b.organizationId, { name: 'B form' });
}, 120_000);

afterAll(async () => {
  await conn?.close();
  await harness?.close();
});

async function cookieOf(email: string, password: string): Promise<string> {
  const res = await harness.post('/api/session', { email, password });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function openSocket(cookie: string): Promise<Socket> {
  const res = await harness.fetch('/api/live', { headers: { cookie, upgrade: 'websocket' } });
  if (res.status !== 101) throw new Error(`${res.status}: ${await res.text()}`);
  const ws = res.webSocket!;
  ws.accept();
  const socket: Socket = {
    events: [],
    pongs: 0,
    closedWith: null,
    ping: () => ws.send('ping'),
    close: () => ws.close(1000),
  };
  ws.addEventListener('close', (e) => {
    socket.closedWith = e.code;
  });
  ws.addEventListener('message', (m) => {
    if (m.data === 'pong') socket.pongs++;
    else socket.events.push(JSON.parse(String(m.data)) as LiveEvent);
  });
  return socket;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('live updates on Workers', () => {
  it('tells the organization’s sockets of a new lead, and no other organization’s', async () => {
    const a = await openSocket(await cookieOf('a@live.test', 'live-pass-1'));
    const b = await openSocket(await cookieOf('b@live.test', 'live-pass-2'));
    try {
      const res = await harness.post(`/v1/forms/${formA}/submissions`, {
        lastName: 'Live',
        email: 'live@example.com',
      });
      expect(res.status).toBe(201);
      const [lead] = (
        await harness.raw.query<{ id: string }>(`select id from leads where last_name = 'Live'`)
      ).rows;
      await until(() => a.events.length > 0);
      expect(a.events).toEqual([{ type: 'lead.created', leadId: lead!.id }]);
      // B hears its own lead, and only that: A's notice never reached it.
      expect((await harness.post(`/v1/forms/${formB}/submissions`, { lastName: 'Other' })).status).toBe(201);
      await until(() => b.events.length > 0);
      const [other] = (
        await harness.raw.query<{ id: string }>(`select id from leads where last_name = 'Other'`)
      ).rows;
      expect(b.events).toEqual([{ type: 'lead.created', leadId: other!.id }]);
      expect(a.events).toHaveLength(1);
    } finally {
      a.close();
      b.close();
    }
  });

  it('tells a person of a changed lead made through the API', async () => {
    const cookie = await cookieOf('a@live.test', 'live-pass-1');
    const a = await openSocket(cookie);
    try {
      const [lead] = (
        await harness.raw.query<{ id: string; version: number }>(
          `select id, version from leads where last_name = 'Live'`,
        )
      ).rows;
      const login = await harness.post('/api/session', { email: 'a@live.test', password: 'live-pass-1' });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const res = await harness.fetch(`/api/leads/${lead!.id}/notes`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: login.headers.get('set-cookie')!.split(';')[0]!,
          'x-csrf-token': csrfToken,
        },
        body: JSON.stringify({ body: 'Called back' }),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      await until(() => a.events.length > 0);
      expect(a.events).toEqual([{ type: 'lead.changed', leadId: lead!.id }]);
    } finally {
      a.close();
    }
  });

  it('tells only the assignee of their new notification; everyone of the lead', async () => {
    const login = await harness.post('/api/session', { email: 'a@live.test', password: 'live-pass-1' });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ann = await openSocket(cookie);
    const max = await openSocket(await cookieOf('max@live.test', 'live-pass-4'));
    try {
      const [lead] = (
        await harness.raw.query<{ id: string; version: number; max: string }>(
          `select l.id, l.version, u.id as max from leads l, users u where l.last_name = 'Live' and u.email = 'max@live.test'`,
        )
      ).rows;
      const res = await harness.fetch(`/api/leads/${lead!.id}/assign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ assigneeId: lead!.max, version: lead!.version }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      await until(() => max.events.length >= 2 && ann.events.length >= 1);
      expect(max.events).toEqual([{ type: 'lead.changed', leadId: lead!.id }, { type: 'notification' }]);
      expect(ann.events).toEqual([{ type: 'lead.changed', leadId: lead!.id }]);
    } finally {
      ann.close();
      max.close();
    }
  });

  it('tells of leads an import commits, and of the importer’s notification', async () => {
    const login = await harness.post('/api/session', { email: 'a@live.test', password: 'live-pass-1' });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const ann = await openSocket(cookie);
    try {
      const form = new FormData();
      form.append(
        'file',
        new Blob([
          'First Name,Last Name,Email\nAda,Lovelace,ada.live@example.test\nAlan,Turing,alan.live@example.test',
        ]),
        'leads.csv',
      );
      const up = await harness.fetch('/api/leads/imports', { method: 'POST', headers, body: form });
      expect(up.status, await up.clone().text()).toBe(201);
      const { id } = (await up.json()) as { id: string };
      expect((await harness.fetch(`/api/leads/imports/${id}/preview`, { headers })).status).toBe(200);
      const commit = await harness.fetch(`/api/leads/imports/${id}/commit`, { method: 'POST', headers });
      expect(commit.status, await commit.clone().text()).toBe(202);
      await until(
        () =>
          ann.events.filter((e) => e.type === 'lead.created').length === 2 &&
          ann.events.some((e) => e.type === 'notification'),
        20_000,
      );
      const created = (
        await harness.raw.query<{ id: string }>(
          `select id from leads where last_name in ('Lovelace', 'Turing')`,
        )
      ).rows.map((r) => r.id);
      expect(
        ann.events
          .filter((e) => e.type === 'lead.created')
          .map((e) => (e as { leadId: string }).leadId)
          .sort(),
      ).toEqual(created.sort());
    } finally {
      ann.close();
    }
  });

  it('answers a client’s ping with pong (the heartbeat that keeps proxies from closing the socket)', async () => {
    const a = await openSocket(await cookieOf('a@live.test', 'live-pass-1'));
    try {
      a.ping();
      a.ping();
      await until(() => a.pongs === 2);
      expect(a.events).toEqual([]);
    } finally {
      a.close();
    }
  });

  it('refuses the unauthenticated (401), a plain GET (426), a foreign page (403) and a sixth socket (429)', async () => {
    const anonymous = await harness.fetch('/api/live', { headers: { upgrade: 'websocket' } });
    expect(anonymous.status).toBe(401);
    const cookie = await cookieOf('a@live.test', 'live-pass-1');
    const plain = await harness.fetch('/api/live', { headers: { cookie } });
    expect(plain.status).toBe(426);
    expect(plain.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await plain.json()) as { code: string }).code).toBe('upgrade-required');
    const foreign = await harness.fetch('/api/live', {
      headers: { cookie, upgrade: 'websocket', origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => openSocket(cookie)));
    try {
      const sixth = await harness.fetch('/api/live', { headers: { cookie, upgrade: 'websocket' } });
      expect(sixth.status).toBe(429);
    } finally {
      for (const s of five) s.close();
    }
  });

  it('refuses a deactivated member', async () => {
    const cookie = await cookieOf('gone@live.test', 'live-pass-3');
    await harness.raw.query(`update memberships set status = 'deactivated', deactivated_at = now() where user_id =
      (select id from users where email = 'gone@live.test')`);
    const res = await harness.fetch('/api/live', { headers: { cookie, upgrade: 'websocket' } });
    expect(res.status).toBe(401);
  });

  it('closes a person’s sockets at once when they are deactivated or sign out (they must authenticate again)', async () => {
    const owner = await harness.post('/api/session', { email: 'a@live.test', password: 'live-pass-1' });
    const ownerCookie = owner.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await owner.json()) as { csrfToken: string };
    const samCookie = await cookieOf('sam@live.test', 'live-pass-5');
    const sam = await openSocket(samCookie);
    const ann = await openSocket(ownerCookie);
    const samId = (
      await harness.raw.query<{ id: string }>(`select id from users where email = 'sam@live.test'`)
    ).rows[0]!.id;
    const res = await harness.fetch(`/api/members/${samId}/deactivate`, {
      method: 'POST',
      headers: { cookie: ownerCookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ leads: { action: 'unassign' } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    // The room closes Sam's socket at once: a lead created now reaches the owner and not Sam. (The client's
    // close event follows when the closing handshake ends, which workerd completes some seconds later.)
    const lead = await harness.post(`/v1/forms/${formA}/submissions`, { lastName: 'AfterSam' });
    expect(lead.status).toBe(201);
    await until(() => ann.events.some((e) => e.type === 'lead.created'));
    expect(sam.events.filter((e) => e.type === 'lead.created')).toEqual([]);
    await until(() => sam.closedWith !== null, 20_000);
    expect(sam.closedWith).toBe(4001);
    // Sam's reconnect is refused; the owner's socket was not touched.
    const again = await harness.fetch('/api/live', { headers: { cookie: samCookie, upgrade: 'websocket' } });
    expect(again.status).toBe(401);
    expect(ann.closedWith).toBeNull();
    ann.close();

    const outLogin = await harness.post('/api/session', { email: 'out@live.test', password: 'live-pass-6' });
    const outCookie = outLogin.headers.get('set-cookie')!.split(';')[0]!;
    const outCsrf = ((await outLogin.json()) as { csrfToken: string }).csrfToken;
    const otto = await openSocket(outCookie);
    const signOut = await harness.fetch('/api/session', {
      method: 'DELETE',
      headers: { cookie: outCookie, 'x-csrf-token': outCsrf },
    });
    expect(signOut.status).toBe(204);
    await until(() => otto.closedWith !== null, 20_000);
    expect(otto.closedWith).toBe(4001);
  });
});
