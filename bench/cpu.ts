// Per-submission CPU cost of the pipeline without the database: validation, mapping, normalization,
// scoring and PII sealing (AES-GCM + HMAC), exactly the code the route runs before its SQL.
import { SubmissionSchema } from '../edge/contract/submissions';
import { formatId } from '../edge/core/ids';
import { normalizeLead } from '../edge/core/lead-input';
import { DEFAULT_SCORING_RULES, scoreLead } from '../edge/core/score';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { acceptPayload } from '../edge/services/ingest/submit-form';
import { leadRow } from '../edge/services/leads/rows';

const vault = await PiiVault.create(generatePiiKeyMaterial());
const deps = { pii: vault, newId: (p: string) => formatId(p, Date.now(), randomBytes(10)) };
const body = (i: number) =>
  JSON.stringify({
    firstName: 'Bench',
    lastName: `Person ${i}`,
    email: `bench-${i}@example.com`,
    phone: `+420 601 ${String(i % 1_000_000).padStart(6, '0')}`,
    company: `Company ${i % 500} s.r.o.`,
    title: 'Head of Sales',
    industry: 'Software',
    employees: 250,
    country: 'DE',
  });

async function once(i: number) {
  const raw = body(i);
  const data = SubmissionSchema.parse(JSON.parse(raw));
  const accepted = acceptPayload({ kind: 'json', data, rawBody: raw, idempotencyKey: null });
  const lead = normalizeLead({ ...accepted.fields, custom: accepted.custom }, 'CZ');
  scoreLead({ ...lead, channel: 'form' }, DEFAULT_SCORING_RULES);
  await leadRow(deps, 'org_bench', lead, new Date());
}

for (let i = 0; i < 2000; i++) await once(i);
const n = 20_000;
const start = process.cpuUsage();
const wall = performance.now();
for (let i = 0; i < n; i++) await once(i);
const cpu = process.cpuUsage(start);
const ms = performance.now() - wall;
console.log(
  JSON.stringify({
    iterations: n,
    cpuMicrosPerSubmission: (cpu.user + cpu.system) / n,
    wallMicrosPerSubmission: (ms * 1000) / n,
  }),
);
