import type { Cluster, ClusterMember, MergeResult } from '@contract/duplicates';
import { batch, computed, signal } from '@preact/signals';
import type { DuplicatesApi } from '../../api/duplicates';
import type { Problem } from '../../api/problem';

/** The fields the merge screen offers, in display order (a subset of core's MERGE_FIELDS). */
export const MERGE_SCREEN_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'title',
  'email',
  'phone',
  'city',
] as const;
export type MergeScreenField = (typeof MERGE_SCREEN_FIELDS)[number];

/** Per field, which record's value the master keeps; by default the master's own, else the first non-empty. */
export function defaultChoices(members: ClusterMember[], masterId: string): Record<MergeScreenField, string> {
  const master = members.find((m) => m.id === masterId) ?? members[0]!;
  const out = {} as Record<MergeScreenField, string>;
  for (const field of MERGE_SCREEN_FIELDS) {
    const filled = master[field] ? master : members.find((m) => m[field]);
    out[field] = (filled ?? master).id;
  }
  return out;
}

/** The record a merge keeps by default: the first converted one, else the first (the oldest). */
export function proposedMaster(members: ClusterMember[]): ClusterMember {
  return members.find((m) => m.convertedAt) ?? members[0]!;
}

/** The merge request for the current choices: every record but the master is merged into it. */
export function mergeRequest(
  members: ClusterMember[],
  masterId: string,
  choices: Record<string, string>,
  dryRun: boolean,
) {
  return {
    masterId,
    mergedIds: members.filter((m) => m.id !== masterId).map((m) => m.id),
    fields: choices,
    dryRun,
  };
}

/** The duplicates list and the merge in progress: signals plus actions taking the API. */
export class DuplicatesModel {
  readonly clusters = signal<Cluster[]>([], { name: 'duplicates.clusters' });
  readonly scannedAt = signal<string | null>(null, { name: 'duplicates.scannedAt' });
  readonly loading = signal(false, { name: 'duplicates.loading' });
  readonly problem = signal<Problem | null>(null, { name: 'duplicates.problem' });
  /** What the last action did, for the live region. */
  readonly announcement = signal('', { name: 'duplicates.announcement' });
  readonly merging = signal<Cluster | null>(null, { name: 'duplicates.merging' });
  readonly masterId = signal<string | null>(null, { name: 'duplicates.masterId' });
  readonly choices = signal<Record<string, string>>({}, { name: 'duplicates.choices' });
  readonly preview = signal<MergeResult | null>(null, { name: 'duplicates.preview' });
  readonly merged = signal<MergeResult | null>(null, { name: 'duplicates.merged' });
  readonly undone = signal(false, { name: 'duplicates.undone' });
  readonly empty = computed(() => !this.loading.value && this.clusters.value.length === 0);
  /** Where the next page of clusters starts; null when the list is complete. */
  readonly nextCursor = signal<string | null>(null, { name: 'duplicates.nextCursor' });
  readonly hasMore = computed(() => this.nextCursor.value !== null);

  async load(api: DuplicatesApi): Promise<void> {
    this.loading.value = true;
    const result = await api.list();
    batch(() => {
      this.loading.value = false;
      if (!result.ok) this.problem.value = result.problem;
      else {
        this.problem.value = null;
        this.clusters.value = result.data.items;
        this.scannedAt.value = result.data.scannedAt;
        this.nextCursor.value = result.data.nextCursor;
      }
    });
  }

  /** Appends the next page (the weaker clusters: the list is strongest first). Resolves to how many came. */
  async loadMore(api: DuplicatesApi): Promise<number> {
    const cursor = this.nextCursor.value;
    if (!cursor) return 0;
    const result = await api.list(cursor);
    if (!result.ok) {
      this.problem.value = result.problem;
      return 0;
    }
    batch(() => {
      this.problem.value = null;
      this.clusters.value = [...this.clusters.value, ...result.data.items];
      this.nextCursor.value = result.data.nextCursor;
    });
    return result.data.items.length;
  }

  async scan(api: DuplicatesApi): Promise<number | null> {
    this.loading.value = true;
    const result = await api.scan();
    if (!result.ok) {
      batch(() => {
        this.loading.value = false;
        this.problem.value = result.problem;
      });
      return null;
    }
    await this.load(api);
    return result.data.clusters;
  }

  async dismiss(api: DuplicatesApi, clusterId: string): Promise<boolean> {
    const result = await api.dismiss(clusterId);
    if (!result.ok) this.problem.value = result.problem;
    else this.clusters.value = this.clusters.value.filter((c) => c.id !== clusterId);
    return result.ok;
  }

  /**
   * Opens the merge screen for a cluster. The proposed master is a converted record when there is one (only
   * a converted lead's own record may survive a merge), else the oldest.
   */
  startMerge(cluster: Cluster): void {
    const masterId = proposedMaster(cluster.members).id;
    batch(() => {
      this.merging.value = cluster;
      this.masterId.value = masterId;
      this.choices.value = defaultChoices(cluster.members, masterId);
      this.preview.value = null;
      this.merged.value = null;
      this.undone.value = false;
      this.problem.value = null;
    });
  }

  cancelMerge(): void {
    this.merging.value = null;
  }

  choose(field: string, leadId: string): void {
    this.choices.value = { ...this.choices.value, [field]: leadId };
    this.preview.value = null;
  }

  chooseMaster(leadId: string): void {
    batch(() => {
      this.masterId.value = leadId;
      this.preview.value = null;
    });
  }

  /** Sends the merge (a dry run first, then for real); the result lands in `preview` or `merged`. */
  async submit(api: DuplicatesApi, dryRun: boolean): Promise<boolean> {
    const cluster = this.merging.value;
    const masterId = this.masterId.value;
    if (!cluster || !masterId) return false;
    const result = await api.merge(mergeRequest(cluster.members, masterId, this.choices.value, dryRun));
    if (!result.ok) {
      this.problem.value = result.problem;
      return false;
    }
    batch(() => {
      this.problem.value = null;
      if (dryRun) this.preview.value = result.data;
      else {
        this.merged.value = result.data;
        this.clusters.value = this.clusters.value.filter((c) => c.id !== cluster.id);
      }
    });
    return true;
  }

  async undo(api: DuplicatesApi): Promise<boolean> {
    const mergeId = this.merged.value?.mergeId;
    if (!mergeId) return false;
    const result = await api.undo(mergeId);
    if (!result.ok) this.problem.value = result.problem;
    else this.undone.value = true;
    return result.ok;
  }
}
