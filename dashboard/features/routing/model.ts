import type { RoutingRuleInput, SavedRoutingRule } from '@contract/admin';
import type { MemberDetail } from '@contract/people';
import type { ExplainRoutingRequest, ReplayResult, RoutingExplanation } from '@contract/routing';
import type { Team } from '@contract/teams';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { PeopleApi } from '../../api/people';
import type { Problem } from '../../api/problem';
import type { RoutingApi } from '../../api/routing';

/** A rule of the list being edited, with a key that stays with it while it moves. */
export type DraftRule = RoutingRuleInput & { key: string };

/** What the status line says after an action. */
export type RoutingNotice =
  | { kind: 'moved'; name: string; position: number; count: number }
  | { kind: 'saved' | 'added' | 'removed' | 'enabled' | 'disabled'; name: string }
  | { kind: 'replayed'; count: number };

let keys = 0;
const keyed = (rule: RoutingRuleInput): DraftRule => ({ ...rule, key: rule.id ?? `new-${++keys}` });
const input = ({ key: _key, ...rule }: DraftRule): RoutingRuleInput => rule;
const fromSaved = ({ position: _p, version: _v, ...rule }: SavedRoutingRule): DraftRule => keyed(rule);

/** The routing settings: the ordered rules being edited, who would get a lead, and replay. */
export const RoutingModel = createModel(() => {
  const rules = signal<DraftRule[]>([], { name: 'routing.rules' });
  const savedJson = signal('[]', { name: 'routing.saved' });
  const members = signal<MemberDetail[]>([], { name: 'routing.members' });
  const teams = signal<Team[]>([], { name: 'routing.teams' });
  const loading = signal(true, { name: 'routing.loading' });
  const busy = signal<string | null>(null, { name: 'routing.busy' });
  const problem = signal<Problem | null>(null, { name: 'routing.problem' });
  const notice = signal<RoutingNotice | null>(null, { name: 'routing.notice' });
  const explanation = signal<RoutingExplanation | null>(null, { name: 'routing.explanation' });
  const explainProblem = signal<Problem | null>(null, { name: 'routing.explainProblem' });
  const dryRun = signal<ReplayResult | null>(null, { name: 'routing.dryRun' });
  const dirty = computed(() => JSON.stringify(rules.value.map(input)) !== savedJson.value, {
    name: 'routing.dirty',
  });

  const adopt = (saved: SavedRoutingRule[]) => {
    rules.value = saved.map(fromSaved);
    savedJson.value = JSON.stringify(rules.value.map(input));
  };
  const nameOf = (userId: string) => members.value.find((m) => m.id === userId)?.name ?? userId;

  function move(from: number, to: number) {
    const list = [...rules.value];
    if (to < 0 || to >= list.length || from === to) return;
    const [rule] = list.splice(from, 1);
    list.splice(to, 0, rule!);
    batch(() => {
      rules.value = list;
      notice.value = { kind: 'moved', name: rule!.name, position: to + 1, count: list.length };
    });
  }

  return {
    rules: rules as ReadonlySignal<DraftRule[]>,
    members: members as ReadonlySignal<MemberDetail[]>,
    teams: teams as ReadonlySignal<Team[]>,
    loading: loading as ReadonlySignal<boolean>,
    busy: busy as ReadonlySignal<string | null>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<RoutingNotice | null>,
    explanation: explanation as ReadonlySignal<RoutingExplanation | null>,
    explainProblem: explainProblem as ReadonlySignal<Problem | null>,
    dryRun: dryRun as ReadonlySignal<ReplayResult | null>,
    dirty,
    nameOf,

    async load(api: {
      routing: Pick<RoutingApi, 'listRules'>;
      people: Pick<PeopleApi, 'listMembers' | 'listTeams'>;
    }) {
      loading.value = true;
      const [list, people, pools] = await Promise.all([
        api.routing.listRules(),
        api.people.listMembers(),
        api.people.listTeams(),
      ]);
      batch(() => {
        loading.value = false;
        problem.value = !list.ok
          ? list.problem
          : !people.ok
            ? people.problem
            : !pools.ok
              ? pools.problem
              : null;
        if (list.ok) adopt(list.data.items);
        if (people.ok) members.value = people.data.items;
        if (pools.ok) teams.value = pools.data.items;
      });
    },

    /** Moves a rule by `delta` places (the keyboard's move up / move down) and announces where it went. */
    moveBy: (index: number, delta: number) => move(index, index + delta),
    /** Moves a rule to another place (a drop). */
    moveTo: move,

    update(index: number, rule: RoutingRuleInput) {
      const list = [...rules.value];
      list[index] = { ...rule, key: list[index]!.key };
      rules.value = list;
    },

    toggle(index: number) {
      const rule = rules.value[index]!;
      const enabled = !(rule.enabled ?? true);
      const list = [...rules.value];
      list[index] = { ...rule, enabled };
      batch(() => {
        rules.value = list;
        notice.value = { kind: enabled ? 'enabled' : 'disabled', name: rule.name };
      });
    },

    /** Appends a rule (an empty condition to the first member who can take leads); returns its index. */
    add(name: string): number {
      const first = members.value.find((m) => m.status === 'active' && m.role !== 'viewer');
      const rule = keyed({
        name,
        enabled: true,
        condition: {},
        action: { type: 'user', userId: first?.id ?? '' },
      });
      batch(() => {
        rules.value = [...rules.value, rule];
        notice.value = { kind: 'added', name };
      });
      return rules.value.length - 1;
    },

    remove(index: number) {
      const rule = rules.value[index]!;
      batch(() => {
        rules.value = rules.value.filter((_, i) => i !== index);
        notice.value = { kind: 'removed', name: rule.name };
      });
    },

    async save(api: Pick<RoutingApi, 'saveRules'>) {
      busy.value = 'save';
      const result = await api.saveRules(rules.value.map(input));
      batch(() => {
        busy.value = null;
        problem.value = result.ok ? null : result.problem;
        if (result.ok) {
          adopt(result.data.items);
          notice.value = { kind: 'saved', name: '' };
        }
      });
      return result.ok;
    },

    /** Who would get a lead, by the saved rules, or by the list being edited when it has unsaved changes. */
    async explain(api: Pick<RoutingApi, 'explain'>, ask: ExplainRoutingRequest) {
      busy.value = 'explain';
      const request = dirty.value ? { ...ask, rules: rules.value.map(input) } : ask;
      const result = await api.explain(request as ExplainRoutingRequest);
      batch(() => {
        busy.value = null;
        explanation.value = result.ok ? result.data : null;
        explainProblem.value = result.ok ? null : result.problem;
      });
    },

    async replay(api: Pick<RoutingApi, 'replay'>, run: boolean) {
      busy.value = run ? 'replay' : 'dryRun';
      if (!run) {
        const result = await api.replay({ dryRun: true });
        batch(() => {
          busy.value = null;
          problem.value = result.ok ? null : result.problem;
          dryRun.value = result.ok ? result.data : null;
        });
        return;
      }
      let after: string | undefined;
      let count = 0;
      // Batch after batch, each its own transaction, until the server says there is no more.
      for (;;) {
        const result = await api.replay({ dryRun: false, ...(after ? { after } : {}) });
        if (!result.ok) {
          batch(() => {
            busy.value = null;
            problem.value = result.problem;
          });
          return;
        }
        count += result.data.assigned;
        if (!result.data.next) break;
        after = result.data.next;
      }
      batch(() => {
        busy.value = null;
        dryRun.value = null;
        notice.value = { kind: 'replayed', count };
      });
    },
  };
});

export type RoutingModel = InstanceType<typeof RoutingModel>;
