import type { SendResult, Submission } from './submit';

/** A submission waiting in the outbox, with when it was first made. */
export type Entry = Submission & { at: number };

export type QueueDeps = {
  /** localStorage, or null where it is unavailable (the queue then lives only as long as the page). */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  now: () => number;
  random: () => number;
  send: (s: Submission) => Promise<SendResult>;
};

export type Outbox = ReturnType<typeof createQueue>;

/** One namespaced key for every pending submission of every form on this origin. */
export const QUEUE_KEY = 'leadgate:outbox';
/** A lead nobody could send for a week is dropped rather than sent stale. */
export const MAX_AGE = 7 * 24 * 3600 * 1000;

/**
 * The outbox that makes a lead survive a dead network, an overloaded server or a closed tab: a submission
 * is written down before it is sent and removed only once the server answered for good. Every retry sends
 * the same body with the same Idempotency-Key, so a retry of a request that did arrive is harmless.
 * Storage is re-read on every step, so tabs of one site share the outbox. The whole outbox backs off
 * together (its entries go to the same server): 2 s doubling to 5 min, jittered, at least `Retry-After`.
 */
export function createQueue(deps: QueueDeps) {
  let { storage } = deps;
  let memory: Entry[] = [];
  let failures = 0;
  let retryAfter = 0;
  const inFlight = new Set<string>();
  const listeners = new Set<(key: string, result: SendResult) => void>();

  const read = (): Entry[] => {
    try {
      memory = JSON.parse(storage!.getItem(QUEUE_KEY)!) ?? [];
    } catch {
      // no storage: what this page holds in memory
    }
    return memory.filter((e) => deps.now() - e.at < MAX_AGE);
  };
  const write = (list: Entry[]) => {
    memory = list;
    try {
      if (list.length) storage!.setItem(QUEUE_KEY, JSON.stringify(list));
      else storage!.removeItem(QUEUE_KEY);
    } catch {
      storage = null; // full or forbidden: memory it is, for this page's lifetime
    }
  };

  async function attempt(entry: Entry): Promise<SendResult> {
    inFlight.add(entry.key);
    const result = await deps.send(entry);
    inFlight.delete(entry.key);
    if (result.ok || !result.retry) write(read().filter((e) => e.key !== entry.key));
    else retryAfter = Math.max(retryAfter, result.retryAfter);
    for (const listener of listeners)
      try {
        listener(entry.key, result);
      } catch {
        // a listener's failure must not stop the outbox
      }
    return result;
  }

  return {
    /** Called with every attempt's outcome, whichever form or page made the submission. */
    listen(listener: (key: string, result: SendResult) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Writes a submission down, then sends it. */
    push(s: Submission): Promise<SendResult> {
      const entry = { ...s, at: deps.now() };
      write([...read(), entry]);
      return attempt(entry);
    },
    /** Sends every waiting submission once, one at a time (others may be sending it already). */
    async flush(): Promise<void> {
      for (const e of read())
        if (!inFlight.has(e.key) && read().some((x) => x.key === e.key)) await attempt(e);
    },
    /** Milliseconds until the next round, or undefined when nothing waits (which resets the backoff). */
    delay(): number | undefined {
      if (!read().length) {
        failures = 0;
        return undefined;
      }
      const wait = Math.max(
        Math.min(300_000, 2000 * 2 ** failures++) * (0.5 + deps.random() / 2),
        retryAfter,
      );
      retryAfter = 0;
      return wait;
    },
  };
}
