import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiiVault } from '../../edge/crypto/pii';
import { startProvider, type TestProvider } from '../support/oidc-provider';
import { BASE, startWorker, type WorkerHarness } from './support';

/**
 * Single sign-on in workerd through the Neon driver: the relying party (oauth4webapi on WebCrypto and
 * fetch) discovers a real OpenID Provider, and its callback verifies the ID token and adds the member.
 */
let worker: WorkerHarness;
let idp: TestProvider;

beforeAll(async () => {
  [worker, idp] = await Promise.all([startWorker(), startProvider(`${BASE}/api/sso/callback`)]);
});

afterAll(async () => {
  await worker?.close();
  await idp?.close();
});

describe('single sign-on in workerd', () => {
  it('a first sign-in at an allowed domain adds the member and signs them in', async () => {
    const vault = await PiiVault.create(worker.keys);
    await worker.raw.query(
      `insert into organizations (id, name, slug) values ('org_edge', 'Edge s.r.o.', 'edge')`,
    );
    await worker.raw.query(
      `insert into sso_configs (organization_id, issuer, client_id, client_secret_ciphertext, allowed_domains, new_people)
       values ('org_edge', $1, $2, $3, array['edge.example'], 'member')`,
      [idp.issuer, idp.clientId, await vault.encrypt('org_edge', 'sso_client_secret', idp.clientSecret)],
    );
    idp.accounts.set('olena', { email: 'olena@edge.example', email_verified: true, name: 'Олена Коваль' });

    const start = await worker.fetch('/api/sso/start?org=edge', { redirect: 'manual' });
    expect(start.status, await start.clone().text()).toBe(302);
    const location = start.headers.get('location')!;
    expect(location.startsWith(`${idp.issuer}/auth?`)).toBe(true);
    const flow = start.headers.get('set-cookie')!.split(';')[0]!;
    const back = await idp.authorize(location, 'olena', `${BASE}/api/sso/callback`);

    const done = await worker.mf.dispatchFetch(back, { headers: { cookie: flow }, redirect: 'manual' });
    expect(done.headers.get('location')).toBe('/app/leads');
    const session = done.headers
      .getSetCookie()
      .find((c) => c.startsWith('lg_session='))!
      .split(';')[0]!;
    const me = await worker.fetch('/api/session', { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({
      user: { email: 'olena@edge.example', name: 'Олена Коваль' },
      role: 'member',
      organization: { name: 'Edge s.r.o.' },
    });
  });
});
