import { createRequire } from 'node:module';
import { neonConfig } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectNeon, useNeonWsProxy } from '../../db/connect-neon';
import { freshDatabase } from '../support/api';

/**
 * The worker's database handle, driven from Node through the same WebSocket proxy: it hands over the live
 * notices of what its sessions committed, and none of what they rolled back.
 */
let database: Awaited<ReturnType<typeof freshDatabase>>;
let raw: pg.Pool;
let users: string[];

beforeAll(async () => {
  // Node 20 has no global WebSocket; workerd does.
  neonConfig.webSocketConstructor = createRequire(import.meta.url)('ws');
  useNeonWsProxy(inject('wsProxy'));
  database = await freshDatabase();
  raw = new pg.Pool({ connectionString: database.url, max: 1 });
  await raw.query(`insert into organizations (id, name, slug) values ('org_live', 'Live', 'live')`);
  await raw.query(
    `insert into users (id, email, name, password_hash) values ('usr_1', 'one@live.test', 'One', 'x'), ('usr_2', 'two@live.test', 'Two', 'x')`,
  );
  users = ['usr_1', 'usr_2'];
});

afterAll(async () => {
  await raw?.end();
  await database?.drop();
});

const notify = (id: string, user: string) =>
  sql.raw(
    `insert into notifications (id, organization_id, user_id, type) values ('${id}', 'org_live', '${user}', 'test')`,
  );

describe('connectNeon live notices', () => {
  it('hands over notices of committed work only, after release', async () => {
    const heard: string[][] = [];
    const handle = connectNeon(database.url, {
      onLiveNotices: async (payloads) => void heard.push(payloads),
    });
    await handle.db.execute(notify('ntf_1', users[0]!));
    await handle.db.transaction(async (tx) => {
      await tx.execute(notify('ntf_2', users[1]!));
    });
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(notify('ntf_3', users[0]!));
        throw new Error('undo');
      })
      .catch(() => {});
    expect(heard).toEqual([]);
    await handle.release();
    expect(heard.map((p) => p.map((s) => JSON.parse(s)))).toEqual([
      [
        { o: 'org_live', n: ['usr_1'] },
        { o: 'org_live', n: ['usr_2'] },
      ],
    ]);
    // The session set nothing of the Node face's: no NOTIFY was sent, only notices to itself.
    expect((await raw.query(`select count(*)::int as n from notifications`)).rows[0].n).toBe(2);
  });

  it('hands over nothing when nothing live was written', async () => {
    const heard: string[][] = [];
    const handle = connectNeon(database.url, {
      onLiveNotices: async (payloads) => void heard.push(payloads),
    });
    await handle.db.execute(sql`select 1`);
    await handle.release();
    expect(heard).toEqual([]);
  });
});
