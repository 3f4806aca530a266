/**
 * `npm run setup -- --org "Acme" --owner-email a@b.c --owner-name "Jana Nováková" [--country CZ]
 * [--timezone Europe/Prague] [--locale cs]`: creates the first organization and its owner on the database
 * `npm start` uses (DATABASE_URL, else the embedded PGlite in LEADGATE_DATA_DIR). The password comes from
 * LEADGATE_OWNER_PASSWORD or a prompt on a terminal. Idempotent: once an organization exists it says so,
 * changes nothing and exits 0.
 */

import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../../db/connect';
import { SetupBodySchema } from '../contract/people';
import { formatId } from '../core/ids';
import { randomBytes } from '../crypto/encoding';
import { defaultConfig } from '../deps';
import { runSetup, setupNeeded } from '../services/people/setup';

// Bundled into dist/server/; the repository root is two levels up.
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const USAGE = `Usage: npm run setup -- --org NAME --owner-email EMAIL --owner-name NAME [--country CZ] [--timezone Europe/Prague] [--locale en|de|cs|uk]
The owner's password is read from LEADGATE_OWNER_PASSWORD, or asked for on a terminal.`;

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((done) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write.call(rl, question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      done(answer);
    });
  });
}

async function password(): Promise<string | null> {
  const fromEnv = process.env.LEADGATE_OWNER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return null;
  const first = await promptHidden("Owner's password: ");
  const again = await promptHidden('Repeat the password: ');
  return first === again ? first : null;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-name': { type: 'string' },
      country: { type: 'string', default: 'US' },
      timezone: { type: 'string', default: 'UTC' },
      locale: { type: 'string', default: 'en' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.org || !values['owner-email'] || !values['owner-name']) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const url = process.env.DATABASE_URL;
  const dataDir = resolve(process.env.LEADGATE_DATA_DIR ?? join(root, '.data'));
  const conn = await connect(url ? { url, poolSize: 2 } : { pgliteDir: join(dataDir, 'pglite') });
  try {
    await conn.migrate(join(root, 'db/migrations'));
    if (!(await setupNeeded(conn.db))) {
      console.log('An organization already exists: nothing changed.');
      return 0;
    }
    const pass = await password();
    if (pass === null) {
      console.error('Set LEADGATE_OWNER_PASSWORD, or run on a terminal to be asked (both entries the same).');
      return 2;
    }
    const parsed = SetupBodySchema.safeParse({
      token: '-',
      organization: {
        name: values.org,
        defaultCountry: values.country.toUpperCase(),
        timezone: values.timezone,
      },
      owner: {
        name: values['owner-name'],
        email: values['owner-email'],
        password: pass,
        locale: values.locale,
      },
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
      return 2;
    }
    const { token: _unused, ...input } = parsed.data;
    const deps = {
      now: () => new Date(),
      newId: (p: string) => formatId(p, Date.now(), randomBytes(10)),
      config: defaultConfig,
    };
    const done = await runSetup(deps, conn.db, input);
    if (done.outcome === 'exists') {
      console.log('An organization already exists: nothing changed.');
      return 0;
    }
    console.log(
      `Created the organization "${input.organization.name}" (${done.organizationId}) with its owner ${input.owner.email}.`,
    );
    return 0;
  } finally {
    await conn.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
