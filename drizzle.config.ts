import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates SQL migrations from db/schema; they are committed and never edited. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
