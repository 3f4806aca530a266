import type { LiveEvent } from '../contract/live';
import { liveEventsFor, parseLiveNotice } from '../core/live';

/** One open live connection: whose it is, and how to send it events. */
export type LiveSubscriber = {
  organizationId: string;
  userId: string;
  send: (events: LiveEvent[]) => void;
};

/**
 * The Node face's fan-out: one database listener per process feeds `deliver`, which sends each notice only
 * to the connections of the notice's organization. Connections per person are bounded (browsers allow six
 * per host over HTTP/1.1; a person's tabs beyond the bound fall back to polling).
 */
export class LiveHub {
  private readonly byOrg = new Map<string, Set<LiveSubscriber>>();
  private readonly perUser = new Map<string, number>();
  private readonly watching = new Map<string, Promise<void>>();

  /**
   * `watch` is told when an organization gets its first connection here (true) and loses its last (false);
   * the Node face registers it so the database notifies for it (see LiveListenerRegistry).
   */
  constructor(
    readonly options: {
      maxPerUser: number;
      watch?: (organizationId: string, on: boolean) => Promise<void>;
    } = {
      maxPerUser: 5,
    },
  ) {}

  /** Resolves once the organization's notices are switched on (at once without a `watch`). */
  watched(organizationId: string): Promise<void> {
    return this.watching.get(organizationId) ?? Promise.resolve();
  }

  /** Adds a connection; null when its person already has `maxPerUser` open. Returns the unsubscribe. */
  subscribe(s: LiveSubscriber): (() => void) | null {
    const count = this.perUser.get(s.userId) ?? 0;
    if (count >= this.options.maxPerUser) return null;
    this.perUser.set(s.userId, count + 1);
    let set = this.byOrg.get(s.organizationId);
    if (!set) {
      set = new Set<LiveSubscriber>();
      this.byOrg.set(s.organizationId, set);
      if (this.options.watch) this.watching.set(s.organizationId, this.options.watch(s.organizationId, true));
    }
    set.add(s);
    const mine = set;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      mine.delete(s);
      if (mine.size === 0) {
        this.byOrg.delete(s.organizationId);
        this.watching.delete(s.organizationId);
        void this.options.watch?.(s.organizationId, false);
      }
      const left = (this.perUser.get(s.userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(s.userId, left);
      else this.perUser.delete(s.userId);
    };
  }

  /** A NOTIFY payload from the database: to the connections of its organization, each its own events. */
  deliver(payload: string): void {
    const notice = parseLiveNotice(payload);
    if (!notice) return;
    const set = this.byOrg.get(notice.o);
    if (!set) return;
    for (const s of set) {
      const events = liveEventsFor(notice, s.userId);
      if (events.length > 0) s.send(events);
    }
  }

  /** Every connection may have missed notices (the listener reconnected): tell all to refetch. */
  resync(): void {
    for (const set of this.byOrg.values()) for (const s of set) s.send([{ type: 'resync' }]);
  }

  /** Open connections (for tests and the health of the process). */
  get size(): number {
    let n = 0;
    for (const set of this.byOrg.values()) n += set.size;
    return n;
  }
}
