import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_BATCH } from '../../edge/services/routing/replay';
import { postJson, setupApi, type TestApi, type TestOrg } from '../support/api';
import {
  bodyOf,
  call,
  copyLead,
  eventsOf,
  orgWithSessions,
  type Session,
  seedLead,
} from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

type Problem = { code: string; errors?: Array<{ pointer: string; code: string }> };
type Rule = { id: string; name: string; version?: number };
type Explanation = {
  version: number;
  rules: Array<{ ruleId: string; name: string; outcome: string; checks: unknown[]; skipped: unknown[] }>;
  decision: { ruleId: string; name: string; assignee: string; pool: string[] } | null;
};

const put = (s: Session, rules: unknown[]) => call(t, s, 'PUT', '/api/routing-rules', { rules });
const explain = (s: Session, body: unknown) => call(t, s, 'POST', '/api/routing-rules/explain', body);
const toUser = (userId: string) => ({ type: 'user', userId });

async function assigneeOf(org: TestOrg, lastName: string): Promise<string | null> {
  const [row] = await t.sql<{ assigned_to: string | null }>(
    'select assigned_to from leads where organization_id = $1 and last_name = $2',
    [org.organizationId, lastName],
  );
  return row?.assigned_to ?? null;
}

async function arrangeTeam(admin: Session, name: string, userIds: string[]) {
  const team = await bodyOf<{ id: string }>(await call(t, admin, 'POST', '/api/teams', { name }));
  for (const userId of userIds)
    await call(t, admin, 'PUT', `/api/teams/${team.id}/members/${userId}`, { senior: false });
}

describe('saving routing rules', () => {
  it.each<[string, (org: TestOrg) => unknown[], string[], string]>([
    [
      'a score range that cannot hold',
      (o) => [{ name: 'R', condition: { minScore: 80, maxScore: 20 }, action: toUser(o.users.member.id) }],
      ['/rules/0/condition/minScore'],
      'range_inverted',
    ],
    [
      'business hours ending before they start',
      (o) => [
        {
          name: 'R',
          condition: { businessHours: { days: [1], start: '17:00', end: '09:00' } },
          action: toUser(o.users.member.id),
        },
      ],
      ['/rules/0/condition/businessHours/end'],
      'range_inverted',
    ],
    [
      'an empty list of sources',
      (o) => [{ name: 'R', condition: { sources: [] }, action: toUser(o.users.member.id) }],
      ['/rules/0/condition/sources'],
      'too_small',
    ],
    [
      'a catch-all rule before an enabled rule',
      (o) => [
        { name: 'All', condition: {}, action: toUser(o.users.member.id) },
        { name: 'DE', condition: { countries: ['DE'] }, action: toUser(o.users.admin.id) },
      ],
      ['/rules/0/condition'],
      'rule_unreachable',
    ],
    [
      'a weight out of range',
      (o) => [
        {
          name: 'R',
          condition: {},
          action: { type: 'weighted', members: [{ userId: o.users.member.id, weight: 101 }] },
        },
      ],
      ['/rules/0/action/members/0/weight'],
      'too_big',
    ],
    [
      'a person named twice in a weighted rotation',
      (o) => [
        {
          name: 'R',
          condition: {},
          action: {
            type: 'weighted',
            members: [
              { userId: o.users.member.id, weight: 1 },
              { userId: o.users.member.id, weight: 2 },
            ],
          },
        },
      ],
      ['/rules/0/action/members/1/userId'],
      'duplicate',
    ],
    [
      'an attribute without values',
      (o) => [
        {
          name: 'R',
          condition: { attributes: [{ key: 'plan', values: [] }] },
          action: toUser(o.users.member.id),
        },
      ],
      ['/rules/0/condition/attributes/0/values'],
      'too_small',
    ],
  ])('%s → 422 with a pointer, nothing saved', async (_what, rules, pointers, code) => {
    const { org, sessions } = await orgWithSessions(t);
    const res = await put(sessions.admin, rules(org));
    const problem = await bodyOf<Problem>(res);
    expect([res.status, problem.errors?.map((e) => e.pointer)]).toEqual([422, pointers]);
    expect(problem.errors?.[0]?.code).toBe(code);
    expect(
      await t.sql('select id from routing_rules where organization_id = $1', [org.organizationId]),
    ).toEqual([]);
  });

  it('refuses a deactivated target and a non-member in a weighted rotation, with pointers', async () => {
    const [{ org, sessions }, other] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    await t.sql(`update memberships set status = 'deactivated' where user_id = $1`, [org.users.member.id]);
    const res = await put(sessions.admin, [
      { name: 'Gone', condition: { sources: ['Ads'] }, action: toUser(org.users.member.id) },
      {
        name: 'Mixed',
        condition: {},
        action: {
          type: 'weighted',
          members: [
            { userId: org.users.admin.id, weight: 2 },
            { userId: other.org.users.admin.id, weight: 1 },
          ],
        },
      },
    ]);
    const problem = await bodyOf<Problem>(res);
    expect(res.status).toBe(422);
    expect(problem.errors?.map((e) => [e.pointer, e.code])).toEqual([
      ['/rules/0/action/userId', 'inactive_user'],
      ['/rules/1/action/members/1/userId', 'unknown_user'],
    ]);
  });

  it('keeps the ids of rules sent back, numbers each save as a new version', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const first = await bodyOf<{ items: Rule[] }>(
      await put(sessions.admin, [
        { name: 'DE', condition: { countries: ['DE'] }, action: toUser(org.users.member.id) },
        { name: 'Rest', condition: {}, action: toUser(org.users.admin.id) },
      ]),
    );
    expect(first.items.map((r) => r.version)).toEqual([1, 1]);
    const [de, rest] = first.items as [Rule, Rule];
    const second = await put(sessions.admin, [
      { id: de.id, name: 'DE', condition: { countries: ['DE', 'AT'] }, action: toUser(org.users.member.id) },
      { id: 'rr_not_ours', name: 'New', condition: { sources: ['Ads'] }, action: toUser(org.users.owner.id) },
      { id: rest.id, name: 'Rest', condition: {}, action: toUser(org.users.admin.id) },
    ]);
    const saved = await bodyOf<{ items: Rule[] }>(second);
    expect(saved.items.map((r) => [r.name, r.version])).toEqual([
      ['DE', 2],
      ['New', 2],
      ['Rest', 2],
    ]);
    expect(saved.items[0]!.id).toBe(de.id);
    expect(saved.items[1]!.id).not.toBe('rr_not_ours');
    expect(saved.items[2]!.id).toBe(rest.id);
  });

  it.each(['member', 'viewer'] as const)('a %s may not save, explain or replay (403)', async (role) => {
    const { org, sessions } = await orgWithSessions(t);
    const s = sessions[role];
    const statuses = [
      (await put(s, [{ name: 'R', condition: {}, action: toUser(org.users.member.id) }])).status,
      (await explain(s, { lead: { score: 10 } })).status,
      (await call(t, s, 'POST', '/api/routing-rules/replay', { dryRun: true })).status,
    ];
    expect(statuses).toEqual([403, 403, 403]);
  });
});

describe('routing a new lead', () => {
  it('records why in the assignment event: rule, version and the values that matched', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const rules = await bodyOf<{ items: Rule[] }>(
      await put(sessions.admin, [
        {
          name: 'Enterprise in Bavaria',
          condition: {
            regions: ['bayern'],
            campaigns: ['Spring'],
            attributes: [{ key: 'plan', values: ['enterprise'] }],
            minScore: 0,
          },
          action: toUser(org.users.member.id),
        },
        { name: 'Rest', condition: {}, action: toUser(org.users.admin.id) },
      ]),
    );
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Huber',
      region: 'Bayern',
      campaign: 'Spring',
      plan: 'Enterprise',
    });
    expect([res.status, res.status === 201 ? null : await res.text()]).toEqual([201, null]);
    const [lead] = await t.sql<{ id: string; assigned_to: string }>(
      'select id, assigned_to from leads where organization_id = $1',
      [org.organizationId],
    );
    expect(lead?.assigned_to).toBe(org.users.member.id);
    const assigned = (await eventsOf(t, lead!.id)).find((e) => e.type === 'assigned');
    expect(assigned?.data.rule).toEqual({
      id: rules.items[0]!.id,
      name: 'Enterprise in Bavaria',
      action: 'user',
      version: 1,
      matched: [
        { part: 'campaigns', actual: 'Spring' },
        { part: 'regions', actual: 'Bayern' },
        { part: 'minScore', actual: expect.any(Number) },
        { part: 'attributes', key: 'plan', actual: 'Enterprise' },
      ],
    });
    // The lead page asks why; a viewer may, and another organization's admin gets 404.
    const other = await orgWithSessions(t);
    const why = await call(t, sessions.viewer, 'GET', `/api/leads/${lead!.id}/routing`);
    expect(await bodyOf(why)).toEqual({
      assignedTo: org.users.member.id,
      assignment: {
        at: expect.any(String),
        to: org.users.member.id,
        by: null,
        replay: false,
        why: assigned?.data.rule,
      },
    });
    expect((await call(t, other.sessions.admin, 'GET', `/api/leads/${lead!.id}/routing`)).status).toBe(404);
  });

  it('weighted round-robin gives each person their share', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await put(sessions.admin, [
      {
        name: 'Weighted',
        condition: {},
        action: {
          type: 'weighted',
          members: [
            { userId: org.users.member.id, weight: 3 },
            { userId: org.users.owner.id, weight: 1 },
          ],
        },
      },
    ]);
    const names = Array.from({ length: 8 }, (_, i) => `W${i}`);
    for (const lastName of names) await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName });
    const assigned = await Promise.all(names.map((n) => assigneeOf(org, n)));
    expect(assigned.filter((a) => a === org.users.member.id)).toHaveLength(6);
    expect(assigned.filter((a) => a === org.users.owner.id)).toHaveLength(2);
  });

  it('skips a rep who is away or full, and falls through to the next rule when no one is left', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await arrangeTeam(sessions.admin, 'Inbound', [org.users.member.id, org.users.owner.id]);
    await put(sessions.admin, [
      { name: 'Team', condition: {}, action: { type: 'team', team: 'Inbound', maxOpenLeads: 2 } },
    ]);
    // The owner already has 2 open leads; the member goes away (set by themselves).
    await seedLead(t, org, { lastName: 'Open1' }, { assignedTo: org.users.owner.id });
    await seedLead(t, org, { lastName: 'Open2' }, { assignedTo: org.users.owner.id });
    const away = await call(t, sessions.member, 'PUT', `/api/members/${org.users.member.id}/away`, {
      until: '2099-01-01T00:00:00Z',
    });
    expect(away.status).toBe(200);
    const why = await bodyOf<Explanation>(await explain(sessions.admin, { lead: { score: 10 } }));
    expect(why.decision).toBeNull();
    // Both skipped, each with its reason (the team's members come in no particular order).
    expect(why.rules[0]).toMatchObject({ outcome: 'no-one-available' });
    const skipped = (why.rules[0] as { skipped: Array<{ userId: string }> }).skipped;
    expect([...skipped].sort((a, b) => a.userId.localeCompare(b.userId))).toMatchObject(
      [
        { userId: org.users.member.id, reason: 'away', until: '2099-01-01T00:00:00.000Z' },
        { userId: org.users.owner.id, reason: 'over-limit', open: 2, limit: 2 },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Nobody' });
    expect(await assigneeOf(org, 'Nobody')).toBeNull();
    // Back from the absence (an admin ends it): the member takes the next lead.
    await call(t, sessions.admin, 'PUT', `/api/members/${org.users.member.id}/away`, { until: null });
    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Back' });
    expect(await assigneeOf(org, 'Back')).toBe(org.users.member.id);
  });

  it('away: a member may not set someone else’s; another organization’s member is 404', async () => {
    const [{ org, sessions }, other] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    const until = { until: '2099-01-01T00:00:00Z' };
    expect(
      (await call(t, sessions.member, 'PUT', `/api/members/${org.users.owner.id}/away`, until)).status,
    ).toBe(403);
    expect(
      (await call(t, sessions.admin, 'PUT', `/api/members/${other.org.users.member.id}/away`, until)).status,
    ).toBe(404);
    const audit = await t.sql<{ type: string }>(
      `select type from lead_events where organization_id = $1 and type = 'member.away_changed'`,
      [org.organizationId],
    );
    expect(audit).toEqual([]);
  });
});

describe('who would get this lead', () => {
  it('names the matching rule, why each earlier one failed, and draws no turn', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await arrangeTeam(sessions.admin, 'Inbound', [
      org.users.member.id,
      org.users.admin.id,
      org.users.owner.id,
    ]);
    const saved = await bodyOf<{ items: Rule[] }>(
      await put(sessions.admin, [
        { name: 'Ads', condition: { sources: ['Ads'] }, action: toUser(org.users.owner.id) },
        { name: 'Hot', condition: { minScore: 90 }, action: toUser(org.users.owner.id) },
        { name: 'Off', enabled: false, condition: { countries: ['CZ'] }, action: toUser(org.users.owner.id) },
        { name: 'Team', condition: {}, action: { type: 'team', team: 'inbound' } },
      ]),
    );
    const leadId = await seedLead(
      t,
      org,
      { lastName: 'Novák', country: 'CZ' },
      { source: 'Website', score: 40 },
    );
    const asked = async () => bodyOf<Explanation>(await explain(sessions.admin, { leadId }));
    const first = await asked();
    expect(first.version).toBe(1);
    expect(first.rules.map((r) => [r.name, r.outcome])).toEqual([
      ['Ads', 'no-match'],
      ['Hot', 'no-match'],
      ['Off', 'disabled'],
      ['Team', 'matched'],
    ]);
    expect(first.rules[0]!.checks).toEqual([
      { part: 'sources', ok: false, expected: ['Ads'], actual: 'Website' },
    ]);
    expect(first.rules[1]!.checks).toEqual([{ part: 'minScore', ok: false, expected: 90, actual: 40 }]);
    expect(first.decision?.ruleId).toBe(saved.items[3]!.id);
    // Asking again gives the same person: the rotation did not move. The next lead goes to that person.
    expect((await asked()).decision?.assignee).toBe(first.decision?.assignee);
    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Next' });
    expect(await assigneeOf(org, 'Next')).toBe(first.decision?.assignee);
    expect((await asked()).decision?.assignee).not.toBe(first.decision?.assignee);
  });

  it('answers for a draft lead against a draft rule list, outside business hours the next rule', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const res = await explain(sessions.admin, {
      lead: { source: 'Ads', score: 55, custom: { plan: 'pro' } },
      rules: [
        {
          name: 'Night shift',
          condition: { businessHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '03:00', end: '03:01' } },
          action: toUser(org.users.member.id),
        },
        {
          name: 'Pro',
          condition: { attributes: [{ key: 'plan', values: ['PRO'] }] },
          action: toUser(org.users.admin.id),
        },
      ],
    });
    const why = await bodyOf<Explanation>(res);
    expect(res.status).toBe(200);
    expect(why.version).toBe(0);
    expect(why.rules.map((r) => r.outcome)).toEqual(['no-match', 'matched']);
    expect(why.decision).toMatchObject({ name: 'Pro', assignee: org.users.admin.id });
  });

  it('another organization’s lead is 404; a draft with a bad score is 422', async () => {
    const [{ sessions }, other] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    const theirs = await seedLead(t, other.org, { lastName: 'Theirs' });
    expect((await explain(sessions.admin, { leadId: theirs })).status).toBe(404);
    expect((await explain(sessions.admin, { lead: { score: 101 } })).status).toBe(422);
  });
});

describe('replaying the rules on existing leads', () => {
  it('a dry run counts and samples without changing anything; the run assigns in batches, audited', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await put(sessions.admin, [
      { name: 'DE', condition: { countries: ['DE'] }, action: toUser(org.users.member.id) },
    ]);
    const de = await seedLead(t, org, { lastName: 'Berlin', country: 'DE' });
    await copyLead(t, de, REPLAY_BATCH + 4);
    await seedLead(t, org, { lastName: 'Paris', country: 'FR' });
    await seedLead(t, org, { lastName: 'Taken', country: 'DE' }, { assignedTo: org.users.admin.id });
    const total = REPLAY_BATCH + 5;

    const replay = (body: unknown) => call(t, sessions.admin, 'POST', '/api/routing-rules/replay', body);
    const dry = await bodyOf<Record<string, unknown>>(await replay({ dryRun: true }));
    expect(dry).toMatchObject({
      dryRun: true,
      considered: total + 1,
      assigned: total,
      unrouted: 1,
      unchanged: 0,
      capped: false,
      byAssignee: [{ userId: org.users.member.id, count: total }],
      next: null,
    });
    expect((dry.sample as unknown[]).length).toBe(20);
    const unassigned = async () =>
      (
        await t.sql<{ n: string }>(
          'select count(*) as n from leads where organization_id = $1 and assigned_to is null',
          [org.organizationId],
        )
      )[0]!.n;
    expect(Number(await unassigned())).toBe(total + 1);

    const first = await bodyOf<{ assigned: number; next: string | null }>(await replay({ dryRun: false }));
    expect(first.assigned).toBe(REPLAY_BATCH);
    expect(first.next).not.toBeNull();
    const second = await bodyOf<{ assigned: number; next: string | null }>(
      await replay({ dryRun: false, after: first.next }),
    );
    expect([second.assigned, second.next]).toEqual([total - REPLAY_BATCH, null]);
    expect(Number(await unassigned())).toBe(1);
    expect(await assigneeOf(org, 'Taken')).toBe(org.users.admin.id);
    const [event] = (await eventsOf(t, de)).filter((e) => e.type === 'assigned');
    expect(event).toMatchObject({
      actor_id: org.users.admin.id,
      data: { from: null, to: org.users.member.id, replay: true, rule: { name: 'DE', version: 1 } },
    });
    const audit = await t.sql<{ data: { assigned: number } }>(
      `select data from lead_events where organization_id = $1 and type = 'routing.replayed' order by id`,
      [org.organizationId],
    );
    expect(audit.map((a) => a.data.assigned)).toEqual([REPLAY_BATCH, total - REPLAY_BATCH]);
  });
});
