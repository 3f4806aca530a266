/**
 * Turns a stream of occurrences into few writes: per key at most one write per window, carrying the
 * occurrences held back since the key's last write; per group (e.g. a form) at most `maxPerGroup` writes
 * per window, so a flood of distinct keys costs a bounded number of writes too. Per process and bounded:
 * past `maxEntries` keys it forgets everything, so the counts it passes on are a lower bound.
 */
export class WriteCoalescer {
  private readonly keys = new Map<string, { pending: number; writtenAt: number }>();
  private readonly groups = new Map<string, { since: number; writes: number }>();

  constructor(private readonly options: { windowMs: number; maxPerGroup: number; maxEntries: number }) {}

  /**
   * Counts one occurrence of `key` in `group` at `nowMs`; returns how many occurrences to write now
   * (this one and those held back), or 0 to hold it back for a later write.
   */
  hit(group: string, key: string, nowMs: number): number {
    const { windowMs, maxPerGroup, maxEntries } = this.options;
    if (this.keys.size >= maxEntries) {
      this.keys.clear();
      this.groups.clear();
    }
    const id = `${group}\n${key}`;
    const entry = this.keys.get(id) ?? { pending: 0, writtenAt: Number.NEGATIVE_INFINITY };
    this.keys.set(id, entry);
    entry.pending++;
    if (nowMs - entry.writtenAt < windowMs) return 0;
    let budget = this.groups.get(group);
    if (!budget || nowMs - budget.since >= windowMs) {
      budget = { since: nowMs, writes: 0 };
      this.groups.set(group, budget);
    }
    if (budget.writes >= maxPerGroup) return 0;
    budget.writes++;
    entry.writtenAt = nowMs;
    const count = entry.pending;
    entry.pending = 0;
    return count;
  }
}
