import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLive, type LiveSignal, refetchOn } from './live';

/** An EventSource the test drives: open it, send events, fail it as the browser would. */
class FakeSource extends EventTarget {
  readyState = 0;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  ready() {
    this.readyState = 1;
    this.dispatchEvent(new Event('ready'));
  }
  send(data: unknown) {
    this.dispatchEvent(new MessageEvent('live', { data: JSON.stringify(data) }));
  }
  /** `closed`: the server answered with an error status (the browser gives up); else it retries. */
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

function setup() {
  vi.useFakeTimers();
  const sources: FakeSource[] = [];
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const live = createLive({
    url: '/api/live',
    eventSource: () => {
      const s = new FakeSource();
      sources.push(s);
      return s as unknown as EventSource;
    },
    doc: doc as unknown as Document,
  });
  const heard: LiveSignal[] = [];
  return { live, sources, doc, heard, listen: () => live.subscribe((e) => heard.push(e)) };
}

describe('the live client', () => {
  afterEach(() => vi.useRealTimers());

  it('opens one stream for its first listener, passes events on, closes with the last', () => {
    const { live, sources, heard, listen } = setup();
    expect(sources).toHaveLength(0);
    const stopA = listen();
    const stopB = live.subscribe(() => {});
    expect(sources).toHaveLength(1);
    sources[0]!.ready();
    expect(live.status.value).toBe('push');
    sources[0]!.send({ type: 'lead.created', leadId: 'lead_1' });
    expect(heard).toEqual([{ type: 'lead.created', leadId: 'lead_1' }]);
    stopA();
    expect(sources[0]!.closed).toBe(false);
    stopB();
    expect(sources[0]!.closed).toBe(true);
    expect(live.status.value).toBe('off');
  });

  it('polls every 30 s, never faster, while the server refuses, and retries the stream with backoff', () => {
    const { live, sources, heard, listen, doc } = setup();
    listen();
    sources[0]!.fail(true);
    expect(live.status.value).toBe('polling');
    vi.advanceTimersByTime(29_999);
    expect(heard.filter((e) => e.type === 'poll')).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(heard.filter((e) => e.type === 'poll')).toHaveLength(1);
    // Retried after 1 s, then 2 s, 4 s, … (each refused).
    expect(sources.length).toBeGreaterThan(1);
    const before = sources.length;
    sources.at(-1)!.fail(true);
    vi.advanceTimersByTime(60_000);
    expect(sources.length - before).toBeLessThan(5);
    // A hidden tab is not polled.
    doc.visibilityState = 'hidden';
    const polls = heard.filter((e) => e.type === 'poll').length;
    vi.advanceTimersByTime(120_000);
    expect(heard.filter((e) => e.type === 'poll')).toHaveLength(polls);
  });

  it('tells listeners to resync when a stream comes back, and stops polling', () => {
    const { live, sources, heard, listen } = setup();
    listen();
    sources[0]!.ready();
    sources[0]!.fail(false); // dropped: the browser reconnects by itself
    expect(live.status.value).toBe('polling');
    sources[0]!.ready();
    expect(live.status.value).toBe('push');
    expect(heard).toEqual([{ type: 'resync' }]);
    vi.advanceTimersByTime(90_000);
    expect(heard).toEqual([{ type: 'resync' }]);
  });

  it('refetches once per burst, 250 ms after the last matching event', () => {
    const { sources, live } = setup();
    const refetch = vi.fn();
    const stop = refetchOn(live, (e) => e.type === 'lead.changed', refetch);
    sources[0]!.ready();
    for (let i = 0; i < 10; i++) sources[0]!.send({ type: 'lead.changed', leadId: `lead_${i}` });
    sources[0]!.send({ type: 'notification' });
    vi.advanceTimersByTime(249);
    expect(refetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refetch).toHaveBeenCalledTimes(1);
    sources[0]!.send({ type: 'notification' });
    vi.advanceTimersByTime(1_000);
    expect(refetch).toHaveBeenCalledTimes(1);
    stop();
  });
});
