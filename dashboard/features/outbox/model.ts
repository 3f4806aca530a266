import type { OutboxItem } from '@contract/outbox';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';

/** The Outbox page: the latest emails and the load's outcome. */
export const OutboxModel = createModel(() => {
  const items = signal<OutboxItem[]>([], { name: 'outbox.items' });
  const loading = signal(true, { name: 'outbox.loading' });
  const problem = signal<Problem | null>(null, { name: 'outbox.problem' });
  return {
    items: items as ReadonlySignal<OutboxItem[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    /** Loads with `fetchList` (the API call), keeping the last list on failure. */
    async load(fetchList: () => Promise<ApiResult<{ items: OutboxItem[] }>>): Promise<void> {
      loading.value = true;
      const result = await fetchList();
      batch(() => {
        loading.value = false;
        problem.value = result.ok ? null : result.problem;
        if (result.ok) items.value = result.data.items;
      });
    },
  };
});

export type OutboxModel = InstanceType<typeof OutboxModel>;
