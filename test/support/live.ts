import type { LiveEvent } from '../../edge/contract/live';

/** An open GET /api/live stream, parsed: every `live` event it has received, in order. */
export type LiveClient = {
  events: LiveEvent[];
  /** The first event (received so far or within `timeoutMs`) that `match` accepts; rejects on timeout. */
  next: (match: (e: LiveEvent) => boolean, timeoutMs?: number) => Promise<LiveEvent>;
  close: () => Promise<void>;
};

/**
 * Reads a live stream from a Response until closed. Resolves once the server's `ready` event arrived (the
 * subscription is then in place), so a change made afterwards must be seen.
 */
export async function liveClient(res: Response): Promise<LiveClient> {
  if (res.status !== 200) throw new Error(`live: ${res.status} ${await res.text()}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'ready') ready();
        if (event === 'live' && data) events.push(JSON.parse(data) as LiveEvent);
        for (const w of waiters) w();
      }
    }
  })();
  await isReady;
  return {
    events,
    next: (match, timeoutMs = 1_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching live event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => reader.cancel(),
  };
}
