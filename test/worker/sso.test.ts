import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from 'miniflare';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { generatePiiKeyMaterial, PiiVault } from '../../edge/crypto/pii';
import { freshDatabase } from '../support/api';
import { startProvider, type TestProvider } from '../support/oidc-provider';

/**
 * Single sign-on in workerd through the Neon driver: the relying party (oauth4webapi on WebCrypto and
 * fetch) discovers a real OpenID Provider, and its callback verifies the ID token and adds the member.
 */
let mf: Miniflare;
let idp: TestProvider;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let raw: pg.Pool;
mkdirSync('.wrangler', { recursive: true });
const outdir = mkdtempSync(join('.wrangler', 'test-build-'));
const keys = generatePiiKeyMaterial();
const BASE = 'http://localhost';

beforeAll(async () => {
  if (!existsSync('dist/public/app')) mkdirSync('dist/public/app', { recursive: true });
  const build = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`wrangler build failed:\n${build.stdout}\n${build.stderr}`);
  [database, idp] = await Promise.all([freshDatabase(), startProvider(`${BASE}/api/sso/callback`)]);
  raw = new pg.Pool({ connectionString: database.url, max: 2 });
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const { modulesRules: _rules, ...fromWrangler } = workerOptions as typeof workerOptions & {
    modulesRules?: unknown;
  };
  const worker = {
    ...fromWrangler,
    name: 'leadgate',
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    bindings: {
      DATABASE_URL: database.url,
      PII_ENCRYPTION_KEYS: `1:${keys.encryption[1]}`,
      PII_INDEX_KEY: keys.index,
      NEON_WS_PROXY: inject('wsProxy'),
    },
  };
  mf = new Miniflare(convertV4MiniflareOptions(worker as V4MiniflareOptions));
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  await idp?.close();
  await raw?.end();
  await database?.drop();
  rmSync(outdir, { recursive: true, force: true });
});

describe('single sign-on in workerd', () => {
  it('a first sign-in at an allowed domain adds the member and signs them in', async () => {
    const vault = await PiiVault.create(keys);
    await raw.query(`insert into organizations (id, name, slug) values ('org_edge', 'Edge s.r.o.', 'edge')`);
    await raw.query(
      `insert into sso_configs (organization_id, issuer, client_id, client_secret_ciphertext, allowed_domains, new_people)
       values ('org_edge', $1, $2, $3, array['edge.example'], 'member')`,
      [idp.issuer, idp.clientId, await vault.encrypt('org_edge', 'sso_client_secret', idp.clientSecret)],
    );
    idp.accounts.set('olena', { email: 'olena@edge.example', email_verified: true, name: 'Олена Коваль' });

    const start = await mf.dispatchFetch(`${BASE}/api/sso/start?org=edge`, { redirect: 'manual' });
    expect(start.status, await start.clone().text()).toBe(302);
    const location = start.headers.get('location')!;
    expect(location.startsWith(`${idp.issuer}/auth?`)).toBe(true);
    const flow = start.headers.get('set-cookie')!.split(';')[0]!;
    const back = await idp.authorize(location, 'olena', `${BASE}/api/sso/callback`);

    const done = await mf.dispatchFetch(back, { headers: { cookie: flow }, redirect: 'manual' });
    expect(done.headers.get('location')).toBe('/app/leads');
    const session = done.headers
      .getSetCookie()
      .find((c) => c.startsWith('lg_session='))!
      .split(';')[0]!;
    const me = await mf.dispatchFetch(`${BASE}/api/session`, { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({
      user: { email: 'olena@edge.example', name: 'Олена Коваль' },
      role: 'member',
      organization: { name: 'Edge s.r.o.' },
    });
  });
});
