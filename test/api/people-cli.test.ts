import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/connect';
import { verifyPassword } from '../../edge/crypto/password';
import { freshDatabase } from '../support/api';

let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database?.drop());

/** Runs `npm run setup -- …` as an operator would (the npm script is `node scripts/setup.mjs`). */
function setup(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((done) => {
    const child = spawn(process.execPath, ['scripts/setup.mjs', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => done({ code, out, err }));
  });
}

async function query<T>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

const ARGS = [
  '--org',
  'Acme Česko',
  '--owner-email',
  'Olena.Koval@Example.com',
  '--owner-name',
  'Олена Коваль',
];

describe('npm run setup', () => {
  it('without a password on a non-terminal: says how to give one, exits 2, creates nothing', async () => {
    const run = await setup(ARGS, { LEADGATE_OWNER_PASSWORD: '' });
    expect(run.code).toBe(2);
    expect(run.err).toContain('LEADGATE_OWNER_PASSWORD');
    expect(await query('select id from organizations')).toEqual([]);
  });

  it('refuses an unknown time zone, creating nothing', async () => {
    const run = await setup([...ARGS, '--timezone', 'Mars/Olympus'], {
      LEADGATE_OWNER_PASSWORD: 'pw long enough',
    });
    expect(run.code).toBe(2);
    expect(run.err).toContain('organization.timezone');
    expect(await query('select id from organizations')).toEqual([]);
  });

  it.each([
    ['short pw', 'Use at least 12 characters'],
    ['qwertyuiop12', 'most common'],
  ])('refuses the password %j under the password policy, creating nothing', async (password, says) => {
    const run = await setup(ARGS, { LEADGATE_OWNER_PASSWORD: password });
    expect(run.code).toBe(2);
    expect(run.err).toContain('owner.password');
    expect(run.err).toContain(says);
    expect(await query('select id from organizations')).toEqual([]);
  });

  it('creates the organization and its owner, then a second run changes nothing', async () => {
    const env = { LEADGATE_OWNER_PASSWORD: 'operator chosen password' };
    const first = await setup([...ARGS, '--country', 'cz', '--timezone', 'Europe/Prague'], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('Created the organization "Acme Česko"');
    const orgs = await query('select name, default_country, timezone, currency from organizations');
    expect(orgs).toEqual([
      { name: 'Acme Česko', default_country: 'CZ', timezone: 'Europe/Prague', currency: 'CZK' },
    ]);
    const [owner] = await query<{ email: string; name: string; role: string; password_hash: string }>(
      'select u.email, u.name, m.role, u.password_hash from users u join memberships m on m.user_id = u.id',
    );
    expect(owner).toMatchObject({ email: 'olena.koval@example.com', name: 'Олена Коваль', role: 'owner' });
    expect(await verifyPassword('operator chosen password', owner!.password_hash)).toBe(true);

    const second = await setup(
      ['--org', 'Other', '--owner-email', 'x@example.com', '--owner-name', 'X'],
      env,
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain('An organization already exists: nothing changed.');
    expect(await query('select name from organizations')).toEqual([{ name: 'Acme Česko' }]);
    expect(await query('select count(*)::int as n from users')).toEqual([{ n: 1 }]);
  });

  it('works on the embedded database directory as npm start keeps it (no DATABASE_URL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadgate-setup-'));
    try {
      const env = { DATABASE_URL: '', LEADGATE_DATA_DIR: dir, LEADGATE_OWNER_PASSWORD: 'embedded password' };
      const first = await setup(ARGS, env);
      expect(first.code, first.err).toBe(0);
      expect((await setup(ARGS, env)).out).toContain('already exists');
      const conn = await connect({ pgliteDir: join(dir, 'pglite') });
      try {
        const result = (await conn.db.execute(sql`select name from organizations`)) as unknown as {
          rows: unknown[];
        };
        expect(result.rows).toEqual([{ name: 'Acme Česko' }]);
      } finally {
        await conn.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
