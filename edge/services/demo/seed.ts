import { eq } from 'drizzle-orm';
import { leads, organizations } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { LeadStatus } from '../../contract/leads';
import { normalizeLead } from '../../core/lead-input';
import type { Deps } from '../../deps';
import { type EventInput, recordEvents } from '../audit/events';
import { leadRow } from '../leads/rows';
import { createForm, createOrganization } from '../people/organizations';
import { demoStages, seedDemoConversions } from './history';

export const DEMO_PASSWORD = 'leadgate-demo';
export const DEMO_FORM_ID = 'frm_demo';
export const DEMO_USERS = ['viewer', 'member', 'admin', 'owner'].map((role) => `${role}@leadgate.test`);

const PEOPLE: Array<[string, string, string]> = [
  ['Jana', 'Nováková', 'cz'],
  ['Petr', 'Dvořák', 'cz'],
  ['Tomáš', 'Černý', 'cz'],
  ['Lucie', 'Svobodová', 'cz'],
  ['Kateřina', 'Veselá', 'cz'],
  ['Jürgen', 'Müller', 'de'],
  ['Anna', 'Schäfer', 'de'],
  ['Lukas', 'Weiß', 'de'],
  ['Sophie', 'Groß', 'de'],
  ['Олена', 'Шевченко', 'ua'],
  ['Андрій', 'Коваленко', 'ua'],
  ['Марія', 'Бондаренко', 'ua'],
  ['Тарас', 'Мельник', 'ua'],
  ['Emily', 'Carter', 'us'],
  ['Michael', "O'Brien", 'us'],
  ['Priya', 'Patel', 'gb'],
  ['David', 'Kim', 'us'],
  ['花子', '佐藤', 'jp'],
  ['一郎', '鈴木', 'jp'],
  ['ليلى', 'حداد', 'ae'],
  ['José', 'Martínez', 'es'],
  ['Zoë', 'Lefèvre', 'fr'],
];
const COMPANIES = [
  'Škoda Digital a.s.',
  'Müller & Söhne GmbH',
  'Acme Corp',
  'Globex Inc.',
  'ТОВ Київ Софт',
  'Initech Ltd',
  'Brno Analytics s.r.o.',
  'Nordwind AG',
  '株式会社サクラ',
  'Umbrella Health',
];
const TITLES = [
  'CEO',
  'VP Sales',
  'Director of Marketing',
  'Marketing Manager',
  'Vertriebsleiter',
  'Ředitel obchodu',
  'Менеджер з продажу',
  'Account Executive',
  'Software Engineer',
  'Analyst',
];
const INDUSTRIES = ['Software', 'Manufacturing', 'Finance', 'Healthcare', 'Retail', 'Logistics'];
const SOURCES = ['Website Form', 'Trade Show', 'Referral', 'Cold Call', 'Social Media', 'Partner', 'Other'];
const STATUSES: LeadStatus[] = ['NEW', 'NEW', 'NEW', 'CONTACTED', 'CONTACTED', 'QUALIFIED', 'LOST'];
const COUNTRY: Record<string, [string, string]> = {
  cz: ['CZ', '+420 601 {n}'],
  de: ['DE', '+49 30 {n}'],
  ua: ['UA', '+380 44 {n}'],
  us: ['US', '(415) 555-{m}'],
  gb: ['GB', '+44 20 7946 {m}'],
  jp: ['JP', '+81 3-1234-{m}'],
  ae: ['AE', '+971 4 {n}'],
  es: ['ES', '+34 91 {n}'],
  fr: ['FR', '+33 1 42 {m} 00'],
};

/** A tiny deterministic PRNG, so every fresh demo database looks the same. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Seeds, once, a demo organization (~200 varied leads with their stage history over 90 days, two thirds of
 * the qualified ones converted, one form, one user per role) and a second small organization. Refuses to run anywhere but the embedded default: its passwords are public.
 */
export async function seedDemo(
  deps: Pick<Deps, 'now' | 'newId' | 'pii' | 'config'>,
  db: Db,
  opts: { embedded: boolean },
) {
  if (!opts.embedded)
    throw new Error('seedDemo: the demo credentials are public; seed only the embedded database');
  const existing = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, 'demo'));
  if (existing.length) return { seeded: false };

  const { organizationId, userIds } = await createOrganization(deps, db, {
    name: 'Acme Analytics (demo)',
    slug: 'demo',
    defaultCountry: 'CZ',
    members: DEMO_USERS.map((email) => ({
      email,
      name: { viewer: 'Vera Viewer', member: 'Petr Member', admin: 'Alena Admin', owner: 'Otto Owner' }[
        email.split('@')[0]!
      ]!,
      role: email.split('@')[0] as 'viewer',
      password: DEMO_PASSWORD,
    })),
  });
  await createForm(deps, db, organizationId, {
    id: DEMO_FORM_ID,
    name: 'Book a demo',
    redirectUrl: '/demo?submitted=1',
    consentText: { en: 'I agree that Acme may contact me about this request.' },
  });
  const assignees = [
    userIds['member@leadgate.test']!,
    userIds['admin@leadgate.test']!,
    userIds['owner@leadgate.test']!,
    null,
  ];
  await insertSampleLeads(deps, db, organizationId, 200, assignees, 1);
  await seedDemoConversions(deps, db, organizationId, prng(3));

  const other = await createOrganization(deps, db, {
    name: 'Globex (second demo org)',
    slug: 'globex',
    members: [{ email: 'owner@globex.test', name: 'Greta Globex', role: 'owner', password: DEMO_PASSWORD }],
  });
  await insertSampleLeads(deps, db, other.organizationId, 12, [null], 2);
  return { seeded: true, organizationId };
}

async function insertSampleLeads(
  deps: Pick<Deps, 'now' | 'newId' | 'pii' | 'config'>,
  db: Db,
  organizationId: string,
  count: number,
  assignees: Array<string | null>,
  seed: number,
) {
  const rand = prng(seed);
  // The stage history draws from its own sequence, so the leads themselves stay as they always were.
  const history = prng(seed + 1000);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = deps.now().getTime();
  const rows: Array<typeof leads.$inferInsert> = [];
  const events: EventInput[] = [];
  for (let i = 0; i < count; i++) {
    const [first, last, cc] = pick(PEOPLE);
    const [country, phonePattern] = COUNTRY[cc]!;
    const n = String(100000 + Math.floor(rand() * 899999));
    const phone = phonePattern.replace('{n}', n).replace('{m}', n.slice(0, 4));
    const email = `${first}.${last}.${i}@example.${cc === 'us' ? 'com' : cc}`
      .toLowerCase()
      .replace(/[^a-z0-9.@]/g, '');
    const lead = normalizeLead(
      {
        firstName: first,
        lastName: last,
        email: /^[a-z0-9]/.test(email) ? email : `lead${i}@example.com`,
        phone,
        company: pick(COMPANIES),
        title: pick(TITLES),
        industry: pick(INDUSTRIES),
        employees: Math.floor(rand() * 2000),
        country,
      },
      'CZ',
    );
    const status = pick(STATUSES);
    const created = new Date(now - Math.floor(rand() * 90) * 86_400_000 - Math.floor(rand() * 86_400_000));
    const score = Math.floor(rand() * 101);
    const row = await leadRow(deps, organizationId, lead, created);
    const source = pick(SOURCES);
    const lossReason =
      status === 'LOST' ? pick(['NO_BUDGET', 'BAD_TIMING', 'COMPETITOR_CHOSEN'] as const) : null;
    const assignedTo = pick(assignees);
    rows.push({
      ...row,
      source,
      status,
      lossReason,
      score,
      scoreBreakdown: [{ rule: 'demo-seed', points: score }],
      assignedTo,
      ...demoStages(history, { status, created, now: new Date(now), actor: assignedTo }),
    });
    events.push({
      organizationId,
      leadId: row.id!,
      type: 'created',
      actor: { type: 'system', id: null },
      at: created,
      data: { source: 'demo-seed' },
    });
  }
  await db.transaction(async (tx) => {
    await tx.insert(leads).values(rows);
    await recordEvents(tx, events);
  });
}
