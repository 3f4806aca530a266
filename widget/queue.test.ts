import { describe, expect, it } from 'vitest';
import { createQueue, type Entry, MAX_AGE, QUEUE_KEY, type QueueDeps } from './queue';
import type { SendResult, Submission } from './submit';

const ok = (id = 'rcp_1'): SendResult => ({ ok: true, id });
const down = (retryAfter = 0): SendResult => ({
  ok: false,
  retry: true,
  code: 'network',
  retryAfter,
  errors: {},
});
const invalid: SendResult = {
  ok: false,
  retry: false,
  code: 'validation-failed',
  retryAfter: 0,
  errors: { email: 'custom' },
};

/** A Storage double over a Map; `broken` makes every call throw, as a blocked or full storage does. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    broken: false,
    getItem(k: string) {
      if (this.broken) throw new Error('SecurityError');
      return map.get(k) ?? null;
    },
    setItem(k: string, v: string) {
      if (this.broken) throw new Error('QuotaExceededError');
      map.set(k, v);
    },
    removeItem(k: string) {
      map.delete(k);
    },
  };
}

/** A queue over a fake clock and storage, with a scripted server; records every request it made. */
function setup(replies: SendResult[], storage: QueueDeps['storage'] | null = memoryStorage()) {
  const clock = { now: 1_000_000 };
  const sent: Submission[] = [];
  const queue = createQueue({
    storage,
    now: () => clock.now,
    random: () => 0.5,
    send: async ({ key, form, url, body }) => {
      sent.push({ key, form, url, body });
      return replies.shift() ?? ok();
    },
  });
  const results: Array<[string, SendResult]> = [];
  queue.listen((key, result) => results.push([key, result]));
  return { queue, clock, sent, results, storage };
}

const lead = (key = 'k1'): Submission => ({
  key,
  form: 'frm_demo',
  url: 'https://edge.example/v1/forms/frm_demo/submissions',
  body: '{"lastName":"Nováková","lg_elapsed":4200}',
});

const stored = (storage: ReturnType<typeof memoryStorage>): Entry[] =>
  JSON.parse(storage.map.get(QUEUE_KEY) ?? '[]');

describe('outbox', () => {
  it('sends a submission and keeps nothing once the server has it', async () => {
    const storage = memoryStorage();
    const { queue, sent, results } = setup([ok('rcp_a')], storage);
    expect(await queue.push(lead())).toEqual(ok('rcp_a'));
    expect(sent).toEqual([lead()]);
    expect(results).toEqual([['k1', ok('rcp_a')]]);
    expect(storage.map.has(QUEUE_KEY)).toBe(false);
    expect(queue.delay()).toBeUndefined();
  });

  it('writes the submission down before sending, so a closed tab does not lose it', async () => {
    const storage = memoryStorage();
    let seenWhileSending: Entry[] = [];
    const queue = createQueue({
      storage,
      now: () => 5,
      random: () => 0.5,
      send: async () => {
        seenWhileSending = stored(storage);
        return ok();
      },
    });
    await queue.push(lead());
    expect(seenWhileSending).toEqual([{ ...lead(), at: 5 }]);
  });

  it('keeps a failed submission under one namespaced key and retries it with the same key and body', async () => {
    const storage = memoryStorage();
    const { queue, sent, results } = setup([down(), down(), ok('rcp_b')], storage);
    await queue.push(lead());
    expect([...storage.map.keys()]).toEqual([QUEUE_KEY]);
    expect(stored(storage)).toEqual([{ ...lead(), at: 1_000_000 }]);
    await queue.flush();
    await queue.flush();
    expect(sent).toEqual([lead(), lead(), lead()]);
    expect(results.map(([key, r]) => [key, r.ok])).toEqual([
      ['k1', false],
      ['k1', false],
      ['k1', true],
    ]);
    expect(storage.map.has(QUEUE_KEY)).toBe(false);
  });

  it('drops a submission the server refused for good (4xx), and reports why', async () => {
    const { queue, results, storage } = setup([invalid]);
    expect(await queue.push(lead())).toEqual(invalid);
    expect(results).toEqual([['k1', invalid]]);
    expect((storage as ReturnType<typeof memoryStorage>).map.has(QUEUE_KEY)).toBe(false);
  });

  it('backs off exponentially with jitter, capped at 5 minutes, and resets when empty', async () => {
    const random = { value: 0 };
    const queue = createQueue({
      storage: memoryStorage(),
      now: () => 0,
      random: () => random.value,
      send: async () => down(),
    });
    await queue.push(lead());
    // random 0 → half the step; random 1 → the full step.
    expect([queue.delay(), queue.delay(), queue.delay()]).toEqual([1000, 2000, 4000]);
    random.value = 1;
    expect(queue.delay()).toBe(16_000);
    for (let i = 0; i < 20; i++) queue.delay();
    expect(queue.delay()).toBe(300_000);
  });

  it('waits at least as long as the server asked (Retry-After)', async () => {
    const { queue } = setup([down(30_000)]);
    await queue.push(lead());
    expect(queue.delay()).toBe(30_000);
    // Retry-After counts once; the next round is backoff again.
    expect(queue.delay()).toBe(3000);
  });

  it('resets the backoff once nothing waits', async () => {
    const { queue } = setup([down(), down(), ok()]);
    await queue.push(lead());
    queue.delay();
    await queue.flush();
    queue.delay();
    await queue.flush();
    expect(queue.delay()).toBeUndefined();
    await queue.push(lead('k2'));
    expect(queue.delay()).toBeUndefined();
  });

  it('drops submissions older than 7 days without sending them', async () => {
    const { queue, clock, sent } = setup([down()]);
    await queue.push(lead());
    clock.now += MAX_AGE;
    await queue.flush();
    expect(sent).toHaveLength(1);
    expect(queue.delay()).toBeUndefined();
  });

  it('is shared by every page of the origin: another tab (or the next page load) sends what one left', async () => {
    const storage = memoryStorage();
    const first = setup([down()], storage);
    await first.queue.push(lead());
    const next = setup([ok('rcp_c')], storage);
    await next.queue.flush();
    expect(next.sent).toEqual([lead()]);
    expect(next.results).toEqual([['k1', ok('rcp_c')]]);
    expect(storage.map.has(QUEUE_KEY)).toBe(false);
  });

  it('does not send the same submission twice at once', async () => {
    const storage = memoryStorage();
    const sent: string[] = [];
    let release: (r: SendResult) => void = () => {};
    const queue = createQueue({
      storage,
      now: () => 0,
      random: () => 0.5,
      send: (s) => {
        sent.push(s.key);
        return new Promise((r) => {
          release = r;
        });
      },
    });
    const pushing = queue.push(lead());
    await queue.flush();
    release(ok());
    await pushing;
    expect(sent).toEqual(['k1']);
  });

  it('sends several forms’ submissions, each once, in order', async () => {
    const { queue, sent } = setup([down(), down(), ok(), ok()]);
    await queue.push(lead('a'));
    await queue.push({ ...lead('b'), form: 'frm_other' });
    await queue.flush();
    expect(sent.map((s) => s.key)).toEqual(['a', 'b', 'a', 'b']);
    expect(queue.delay()).toBeUndefined();
  });

  it('works in memory where storage is blocked or full', async () => {
    const storage = memoryStorage();
    storage.broken = true;
    const blocked = setup([down(), ok('rcp_d')], storage);
    await blocked.queue.push(lead());
    expect(blocked.queue.delay()).toBeGreaterThan(0);
    await blocked.queue.flush();
    expect(blocked.results.at(-1)).toEqual(['k1', ok('rcp_d')]);

    const none = setup([down(), ok('rcp_e')], null);
    await none.queue.push(lead());
    await none.queue.flush();
    expect(none.sent).toHaveLength(2);
    expect(none.queue.delay()).toBeUndefined();
  });

  it('keeps going when a listener throws', async () => {
    const { queue, results } = setup([ok()]);
    queue.listen(() => {
      throw new Error('host page bug');
    });
    await expect(queue.push(lead())).resolves.toEqual(ok());
    expect(results).toHaveLength(1);
  });
});
