import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from 'miniflare';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { generatePiiKeyMaterial } from '../../edge/crypto/pii';
import { freshDatabase } from '../support/api';

/**
 * The first run in workerd through the Neon driver, on an empty database: the setup with the SETUP_TOKEN
 * secret, an invitation read from the outbox, its acceptance, and the new member's sign-in.
 */
let mf: Miniflare;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let raw: pg.Pool;
mkdirSync('.wrangler', { recursive: true });
const outdir = mkdtempSync(join('.wrangler', 'test-build-'));
const keys = generatePiiKeyMaterial();
const BASE = 'http://localhost';
const SETUP_TOKEN = 'worker-setup-token-0123456789abcdef';

beforeAll(async () => {
  if (!existsSync('dist/public/app')) mkdirSync('dist/public/app', { recursive: true });
  const build = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`wrangler build failed:\n${build.stdout}\n${build.stderr}`);
  database = await freshDatabase();
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
      SETUP_TOKEN,
    },
  };
  mf = new Miniflare(convertV4MiniflareOptions(worker as V4MiniflareOptions));
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  await raw?.end();
  await database?.drop();
  rmSync(outdir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  mf.dispatchFetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** The cookie and CSRF token of an answer that signed someone in. */
async function signedIn(res: Awaited<ReturnType<typeof post>>) {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
}

const setupBody = (token: string) => ({
  token,
  organization: { name: 'Edge s.r.o.', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
  owner: { name: 'Олена Коваль', email: 'Olena@Edge.example', password: 'owner password on workers' },
});

describe('first run in workerd', () => {
  it('setup with the secret → invite → accept → sign in; the setup is then gone', async () => {
    expect(await (await mf.dispatchFetch(`${BASE}/api/setup`)).json()).toEqual({
      needed: true,
      tokenConfigured: true,
    });
    expect((await post('/api/setup', setupBody('wrong'))).status).toBe(403);
    const owner = await signedIn(await post('/api/setup', setupBody(SETUP_TOKEN)));

    const invited = await post('/api/invitations', { email: 'Sam@Edge.example', role: 'member' }, owner);
    expect(invited.status).toBe(201);
    const [mail] = (
      await raw.query(`select payload->>'link' as link from outbox where payload->>'to' = 'sam@edge.example'`)
    ).rows as Array<{ link: string }>;
    const token = mail!.link.split('#')[1]!;
    const member = await signedIn(
      await post('/api/invitations/accept', { token, name: 'Sam', password: 'member password' }),
    );
    expect((await mf.dispatchFetch(`${BASE}/api/leads`, { headers: member })).status).toBe(200);
    const again = await post('/api/session', { email: 'SAM@edge.example', password: 'member password' });
    expect(await again.json()).toMatchObject({ role: 'member', organization: { name: 'Edge s.r.o.' } });

    expect((await post('/api/setup', setupBody(SETUP_TOKEN))).status).toBe(404);
    expect((await mf.dispatchFetch(`${BASE}/api/setup`)).status).toBe(404);
  });
});
