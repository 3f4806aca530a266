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
 * Sign-up in workerd through the Neon driver, with ALLOW_SIGNUP as a var: the proof read from the outbox
 * (system mail, no organization), the new organization completed, and its owner signed in.
 */
let mf: Miniflare;
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
      ALLOW_SIGNUP: '1',
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

describe('sign-up in workerd', () => {
  it('ALLOW_SIGNUP=1 → proof email → complete → the owner is signed in to an empty organization', async () => {
    expect(await (await mf.dispatchFetch(`${BASE}/api/signup`)).json()).toEqual({ allowed: true });
    const asked = await post('/api/signup', { email: 'Nova@Edge.example', locale: 'uk' });
    expect(asked.status).toBe(202);
    const [mail] = (
      await raw.query(
        `select organization_id, payload->>'link' as link from outbox where payload->>'to' = 'nova@edge.example'`,
      )
    ).rows as Array<{ organization_id: string | null; link: string }>;
    expect(mail!.organization_id).toBeNull();
    const token = mail!.link.split('#')[1]!;
    const owner = await signedIn(
      await post('/api/signup/complete', {
        token,
        organization: { name: 'Нова 🚀', defaultCountry: 'UA', timezone: 'Europe/Kyiv' },
        owner: { name: 'Олена Коваль', password: 'owner password on workers' },
      }),
    );
    const me = (await (await mf.dispatchFetch(`${BASE}/api/session`, { headers: owner })).json()) as {
      role: string;
      user: { email: string; locale: string };
      organization: { name: string };
    };
    expect(me).toMatchObject({
      role: 'owner',
      user: { email: 'nova@edge.example', locale: 'uk' },
      organization: { name: 'Нова 🚀' },
    });
    const leads = (await (await mf.dispatchFetch(`${BASE}/api/leads`, { headers: owner })).json()) as {
      items: unknown[];
    };
    expect(leads.items).toEqual([]);
    const reused = await post('/api/signup/complete', {
      token,
      organization: { name: 'Again', defaultCountry: 'UA', timezone: 'Europe/Kyiv' },
      owner: { name: 'Again', password: 'owner password on workers' },
    });
    expect([reused.status, ((await reused.json()) as { code: string }).code]).toEqual([
      410,
      'signup-link-used',
    ]);
  });
});
