import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startWorker, type WorkerHarness } from './support';

/**
 * The first run in workerd through the Neon driver, on an empty database: the setup with the SETUP_TOKEN
 * secret, an invitation read from the outbox, its acceptance, and the new member's sign-in.
 */
const SETUP_TOKEN = 'worker-setup-token-0123456789abcdef';
let worker: WorkerHarness;

beforeAll(async () => {
  worker = await startWorker({ bindings: () => ({ SETUP_TOKEN }) });
});

afterAll(async () => {
  await worker?.close();
});

const post: WorkerHarness['post'] = (...args) => worker.post(...args);

const setupBody = (token: string) => ({
  token,
  organization: { name: 'Edge s.r.o.', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
  owner: { name: 'Олена Коваль', email: 'Olena@Edge.example', password: 'owner password on workers' },
});

describe('first run in workerd', () => {
  it('setup with the secret → invite → accept → sign in; the setup is then gone', async () => {
    expect(await (await worker.fetch('/api/setup')).json()).toEqual({
      needed: true,
      tokenConfigured: true,
    });
    expect((await post('/api/setup', setupBody('wrong'))).status).toBe(403);
    const owner = await signedIn(await post('/api/setup', setupBody(SETUP_TOKEN)));

    const invited = await post('/api/invitations', { email: 'Sam@Edge.example', role: 'member' }, owner);
    expect(invited.status).toBe(201);
    const [mail] = (
      await worker.raw.query(
        `select payload->>'link' as link from outbox where payload->>'to' = 'sam@edge.example'`,
      )
    ).rows as Array<{ link: string }>;
    const token = mail!.link.split('#')[1]!;
    const member = await signedIn(
      await post('/api/invitations/accept', { token, name: 'Sam', password: 'member password' }),
    );
    expect((await worker.fetch('/api/leads', { headers: member })).status).toBe(200);
    const again = await post('/api/session', { email: 'SAM@edge.example', password: 'member password' });
    expect(await again.json()).toMatchObject({ role: 'member', organization: { name: 'Edge s.r.o.' } });

    expect((await post('/api/setup', setupBody(SETUP_TOKEN))).status).toBe(404);
    expect((await worker.fetch('/api/setup')).status).toBe(404);
  });
});
