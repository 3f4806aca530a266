/**
 * A small per-process cache of promises with a time to live, for configuration every request reads and
 * that rarely changes (forms, scoring and routing rules). A change is seen within `ttlMs` everywhere and
 * at once in the process that made it (it calls `invalidate`). Failed loads are not kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    value.catch(() => this.entries.delete(key));
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: this.now(), value });
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
