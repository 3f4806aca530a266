import type { SendResult, Submission } from './submit';

/** A submission waiting in the outbox: when it was first made, how often it failed, when to try next. */
export type Entry = Submission & { at: number; tries: number; due: number };

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

/** Exponential backoff from 2 s, capped at 5 min, with jitter so many visitors don't retry in step. */
export function backoff(tries: number, random: () => number): number {
  return Math.min(300_000, 2000 * 2 ** tries) * (0.5 + random() / 2);
}

/**
 * The outbox that makes a lead survive a dead network, an overloaded server or a closed tab: a submission
 * is written down before it is sent and removed only once the server answered for good. Every retry sends
 * the same body with the same Idempotency-Key, so a retry of a request that did arrive is harmless.
 */
export function createQueue(deps: QueueDeps) {
  let memory: Entry[] = [];
  let storageWorks = !!deps.storage;
  const inFlight = new Set<string>();
  const listeners = new Set<(key: string, result: SendResult) => void>();

  const read = (): Entry[] => {
    try {
      if (storageWorks) {
        const list = JSON.parse(deps.storage!.getItem(QUEUE_KEY) ?? '[]');
        memory = Array.isArray(list) ? list : [];
      }
    } catch {
      // unreadable storage: keep what this page holds in memory
    }
    return memory.filter((e) => deps.now() - e.at < MAX_AGE);
  };
  const write = (list: Entry[]) => {
    memory = list;
    try {
      if (storageWorks)
        list.length
          ? deps.storage!.setItem(QUEUE_KEY, JSON.stringify(list))
          : deps.storage!.removeItem(QUEUE_KEY);
    } catch {
      storageWorks = false; // full or forbidden: memory it is, for this page's lifetime
    }
  };

  async function attempt(entry: Entry): Promise<SendResult> {
    inFlight.add(entry.key);
    const result = await deps
      .send(entry)
      .catch((): SendResult => ({ ok: false, retry: true, code: 'network' }));
    inFlight.delete(entry.key);
    const now = deps.now();
    write(
      read().flatMap((e) =>
        e.key !== entry.key
          ? [e]
          : result.ok || !result.retry
            ? []
            : [
                {
                  ...e,
                  tries: e.tries + 1,
                  due: now + Math.max(backoff(e.tries, deps.random), result.retryAfter ?? 0),
                },
              ],
      ),
    );
    for (const listener of listeners) listener(entry.key, result);
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
      const now = deps.now();
      const entry: Entry = { ...s, at: now, tries: 0, due: now };
      write([...read(), entry]);
      return attempt(entry);
    },
    /** Sends what is due (`all`: everything, as on page load or when the network returns), one at a time. */
    async flush(all = false): Promise<void> {
      for (const e of read())
        if ((all || e.due <= deps.now()) && !inFlight.has(e.key) && read().some((x) => x.key === e.key))
          await attempt(e);
    },
    /** When the earliest waiting entry is due, if any. */
    next(): number | undefined {
      const dues = read().map((e) => e.due);
      return dues.length ? Math.min(...dues) : undefined;
    },
    entries: read,
  };
}
