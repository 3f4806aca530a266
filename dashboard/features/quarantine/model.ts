import type { QuarantineItem } from '@contract/admin';
import type { QuarantineBulkResult } from '@contract/quarantine';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import type { QuarantineApi } from '../../api/quarantine';

/** What the page says after an action (the status region words it). */
export type QuarantineNotice =
  | { kind: 'released'; name: string; leadId: string }
  | { kind: 'discarded'; name: string }
  | { kind: 'already-released' }
  | { kind: 'bulk'; action: 'release' | 'discard'; done: number; skipped: number; unreadable: number };

const text = (v: unknown) =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(' ') : '';

/**
 * Who a held payload says it is: first and last name in our JSON names or a Salesforce form's, else the
 * email, else '' (the view says "without a name").
 */
export function submissionName(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const p = payload as Record<string, unknown>;
  const name = [text(p.firstName ?? p.first_name), text(p.lastName ?? p.last_name)].filter(Boolean).join(' ');
  return name.trim() || text(p.email).trim();
}

/** A payload's fields as the view lists them, in the order received; values as text. */
export function payloadEntries(payload: unknown): [string, string][] {
  if (typeof payload !== 'object' || payload === null) return [];
  return Object.entries(payload as Record<string, unknown>).map(([k, v]) => [
    k,
    typeof v === 'string' ? v : JSON.stringify(v),
  ]);
}

/** A bulk answer as the status line counts it. */
export function bulkNotice(
  action: 'release' | 'discard',
  result: QuarantineBulkResult,
): Extract<QuarantineNotice, { kind: 'bulk' }> {
  const count = (outcomes: string[]) => result.items.filter((i) => outcomes.includes(i.outcome)).length;
  return {
    kind: 'bulk',
    action,
    done: count(['released', 'discarded']),
    skipped: count(['not-found', 'already-released']),
    unreadable: count(['unreadable']),
  };
}

/** The quarantine review: the held submissions, the selection, and the actions on them. */
export const QuarantineModel = createModel(() => {
  const items = signal<QuarantineItem[] | null>(null, { name: 'quarantine.items' });
  const problem = signal<Problem | null>(null, { name: 'quarantine.problem' });
  const selected = signal<ReadonlySet<string>>(new Set(), { name: 'quarantine.selected' });
  const busy = signal(false, { name: 'quarantine.busy' });
  const notice = signal<QuarantineNotice | null>(null, { name: 'quarantine.notice' });
  const allSelected = computed(() => {
    const list = items.value ?? [];
    return list.length > 0 && list.every((i) => selected.value.has(i.id));
  });

  async function load(api: Pick<QuarantineApi, 'listHeld'>): Promise<void> {
    const result = await api.listHeld();
    batch(() => {
      if (result.ok) {
        items.value = result.data.items;
        const ids = new Set(result.data.items.map((i) => i.id));
        selected.value = new Set([...selected.value].filter((id) => ids.has(id)));
      } else problem.value = result.problem;
    });
  }

  /** Runs an action, then shows the list as it is now. */
  async function act(api: Pick<QuarantineApi, 'listHeld'>, run: () => Promise<QuarantineNotice | null>) {
    if (busy.value) return false;
    batch(() => {
      busy.value = true;
      problem.value = null;
      notice.value = null;
    });
    const said = await run();
    await load(api);
    batch(() => {
      busy.value = false;
      if (said) notice.value = said;
    });
    return said !== null;
  }

  return {
    items: items as ReadonlySignal<QuarantineItem[] | null>,
    problem: problem as ReadonlySignal<Problem | null>,
    selected: selected as ReadonlySignal<ReadonlySet<string>>,
    allSelected,
    busy: busy as ReadonlySignal<boolean>,
    notice: notice as ReadonlySignal<QuarantineNotice | null>,
    load,

    toggle(id: string): void {
      const next = new Set(selected.value);
      if (!next.delete(id)) next.add(id);
      selected.value = next;
    },

    toggleAll(): void {
      selected.value = allSelected.value ? new Set() : new Set((items.value ?? []).map((i) => i.id));
    },

    release(api: Pick<QuarantineApi, 'listHeld' | 'release'>, item: QuarantineItem): Promise<boolean> {
      return act(api, async () => {
        const result = await api.release(item.id);
        if (result.ok)
          return { kind: 'released', name: submissionName(item.payload), leadId: result.data.leadId };
        if (result.problem.code === 'conflict') return { kind: 'already-released' };
        problem.value = result.problem;
        return null;
      });
    },

    discard(api: Pick<QuarantineApi, 'listHeld' | 'discard'>, item: QuarantineItem): Promise<boolean> {
      return act(api, async () => {
        const result = await api.discard(item.id);
        if (result.ok) return { kind: 'discarded', name: submissionName(item.payload) };
        problem.value = result.problem;
        return null;
      });
    },

    /** Releases or discards the selected submissions; the selection empties. */
    bulk(api: Pick<QuarantineApi, 'listHeld' | 'bulk'>, action: 'release' | 'discard'): Promise<boolean> {
      const ids = [...selected.value];
      if (ids.length === 0) return Promise.resolve(false);
      return act(api, async () => {
        const result = await api.bulk({ action, ids });
        if (!result.ok) {
          problem.value = result.problem;
          return null;
        }
        selected.value = new Set();
        return bulkNotice(action, result.data);
      });
    },
  };
});

export type QuarantineModel = InstanceType<typeof QuarantineModel>;
