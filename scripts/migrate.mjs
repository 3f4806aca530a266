// Applies db/migrations to DATABASE_URL (a Postgres server or Neon): `DATABASE_URL=… npm run db:migrate`.

import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the Postgres database to migrate.');
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: url, max: 1 });
await migrate(drizzle({ client: pool }), { migrationsFolder: 'db/migrations' });
await pool.end();
console.log('Migrations applied.');
