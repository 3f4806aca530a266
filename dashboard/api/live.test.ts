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

  it('refetches 250 ms after a burst starts, then at most once every 3 s', () => {
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
    // While changes keep coming, at most one refetch per 3 s: each counts against the rate limit.
    const burst = () => {
      for (let i = 0; i < 20; i++) {
        sources[0]!.send({ type: 'lead.changed', leadId: `lead_${i}` });
        vi.advanceTimersByTime(100);
      }
    };
    burst(); // 3.25 s after the first refetch: the second
    expect(refetch).toHaveBeenCalledTimes(2);
    burst(); // 2 s after the second: none yet
    expect(refetch).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1_000);
    expect(refetch).toHaveBeenCalledTimes(3);
    stop();
  });
});

/** A WebSocket the test drives. */
class FakeSocket {
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  sent: string[] = [];
  closed = false;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  message(data: string) {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  drop() {
    this.onclose?.({ code: 1006 } as CloseEvent);
  }
}

function socketSetup(status: number) {
  vi.useFakeTimers();
  const sources: FakeSource[] = [];
  const sockets: FakeSocket[] = [];
  const probes: string[] = [];
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const live = createLive({
    url: '/api/live',
    eventSource: () => {
      const s = new FakeSource();
      sources.push(s);
      return s as unknown as EventSource;
    },
    probe: async (url) => {
      probes.push(url);
      return status;
    },
    webSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    doc: doc as unknown as Document,
  });
  const heard: LiveSignal[] = [];
  const stop = live.subscribe((e) => heard.push(e));
  return { live, sources, sockets, probes, heard, stop };
}

describe('the live client on a WebSocket server', () => {
  afterEach(() => vi.useRealTimers());

  it('switches to a WebSocket when the refused stream was told to upgrade (426), and pings', async () => {
    const { live, sources, sockets, probes, heard } = socketSetup(426);
    sources[0]!.fail(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(probes).toEqual(['/api/live']);
    expect(sockets).toHaveLength(1);
    sockets[0]!.open();
    expect(live.status.value).toBe('push');
    sockets[0]!.message(JSON.stringify({ type: 'lead.created', leadId: 'lead_1' }));
    sockets[0]!.message('pong');
    expect(heard).toEqual([{ type: 'lead.created', leadId: 'lead_1' }]);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(sockets[0]!.sent).toEqual(['ping']);
    // Dropped: polls meanwhile, reopens a socket (never the stream again), and resyncs.
    sockets[0]!.drop();
    expect(live.status.value).toBe('polling');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    expect(sources).toHaveLength(1);
    sockets[1]!.open();
    expect(heard.at(-1)).toEqual({ type: 'resync' });
    live.close();
    expect(sockets[1]!.closed).toBe(true);
  });

  it('keeps the stream and polls when the refusal was not an upgrade (503), asking only once', async () => {
    const { live, sources, sockets, probes } = socketSetup(503);
    sources[0]!.fail(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(live.status.value).toBe('polling');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sources).toHaveLength(2);
    sources[1]!.fail(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(probes).toHaveLength(1);
    expect(sockets).toHaveLength(0);
  });

  it('asks again after a close: a refusal while signed out (401) said nothing of the transport', async () => {
    const { live, sources, probes, stop } = socketSetup(401);
    sources[0]!.fail(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(probes).toHaveLength(1);
    stop();
    live.subscribe(() => {});
    sources.at(-1)!.fail(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(probes).toHaveLength(2);
  });
});
