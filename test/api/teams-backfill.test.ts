import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type Connection, connect } from '../../db/connect';

/** The migrations folder as it was before teams existed: every migration before the one that creates teams. */
function migrationsBeforeTeams(dir: string): string {
  const folder = join(dir, 'before');
  cpSync('db/migrations', folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_teams'));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

async function emptyPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `lg_teams_backfill_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (text: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(['postgres', 'pglite'] as const)('teams backfill on %s', (database) => {
  it('turns memberships.team into teams (one per folded name) with their members and senior flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadgate-teams-backfill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let conn: Connection;
    if (database === 'postgres') {
      const db = await emptyPostgres();
      cleanups.push(db.drop);
      conn = await connect({ url: db.url, poolSize: 2 });
    } else {
      conn = await connect({ pgliteDir: join(dir, 'pglite') });
    }
    cleanups.push(() => conn.close());
    const run = async <T>(text: string) => (await conn.db.execute(sql.raw(text))) as unknown as { rows: T[] };

    await conn.migrate(migrationsBeforeTeams(dir));
    await run(`insert into organizations (id, name, slug) values ('org_a', 'A', 'a'), ('org_b', 'B', 'b')`);
    const people = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    await run(
      `insert into users (id, email, name, password_hash) values ${people.map((u) => `('${u}', '${u}@x.test', '${u}', 'x')`).join(', ')}`,
    );
    await run(`insert into memberships (organization_id, user_id, role, team, senior) values
      ('org_a', 'u1', 'member', 'SDR DACH', true),
      ('org_a', 'u2', 'member', ' sdr dach ', false),
      ('org_a', 'u3', 'admin', 'Vertrieb Süd', false),
      ('org_a', 'u4', 'member', 'vertrieb sud', true),
      ('org_a', 'u5', 'member', null, false),
      ('org_a', 'u6', 'viewer', '   ', false),
      ('org_b', 'u1', 'owner', 'SDR DACH', false)`);

    await conn.migrate('db/migrations');
    const teams = await run<{ organization_id: string; name: string; name_key: string; members: string }>(
      `select t.organization_id, t.name, t.name_key,
         string_agg(m.user_id || ':' || m.senior, ',' order by m.user_id) as members
       from teams t join team_members m on m.team_id = t.id and m.organization_id = t.organization_id
       group by t.id order by t.organization_id, t.name_key`,
    );
    expect(teams.rows).toEqual([
      { organization_id: 'org_a', name: 'SDR DACH', name_key: 'sdr dach', members: 'u1:true,u2:false' },
      {
        organization_id: 'org_a',
        name: 'Vertrieb Süd',
        name_key: 'vertrieb sud',
        members: 'u3:false,u4:true',
      },
      { organization_id: 'org_b', name: 'SDR DACH', name_key: 'sdr dach', members: 'u1:false' },
    ]);
    const columns = await run<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'memberships' and column_name in ('team', 'senior')`,
    );
    expect(columns.rows).toEqual([]);
  }, 120_000);
});
