import {
  LIVE_HEARTBEAT_MS,
  LIVE_PING,
  LIVE_POLL_MS,
  LIVE_PONG,
  LIVE_SSE_EVENT,
  type LiveEvent,
} from '@contract/live';
import { type ReadonlySignal, signal } from '@preact/signals';

/** What a view hears: a live event, or `poll` when push is unavailable and it is time to look again. */
export type LiveSignal = LiveEvent | { type: 'poll' };
export type LiveListener = (e: LiveSignal) => void;

/** `push`: the server streams; `polling`: no stream (refused, offline, no channel), listeners poll. */
export type LiveStatus = 'off' | 'connecting' | 'push' | 'polling';

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'> & {
  onerror: ((this: EventSource, ev: Event) => unknown) | null;
};

type WebSocketLike = Pick<WebSocket, 'send' | 'close'> & {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
};

export type LiveOptions = {
  url: string;
  /** `EventSource` in a browser; tests pass a fake. */
  eventSource: (url: string) => EventSourceLike;
  /**
   * Where the server speaks WebSocket instead (Workers): the status a plain GET of `url` answers, asked
   * once after a stream was refused before it ever opened (426 means "use a WebSocket"), and the socket.
   */
  probe?: (url: string) => Promise<number>;
  webSocket?: (url: string) => WebSocketLike;
  doc: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
  pollMs?: number;
  timers?: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'>;
};

/**
 * The dashboard's one live channel: an EventSource on GET /api/live, opened while anyone listens. The
 * browser reconnects a dropped stream by itself (the server's `retry:` hint); a stream the server refused
 * (401, 429, 503) is retried here with backoff up to a minute. A server that answers 426 (Workers) is
 * spoken to over a WebSocket from then on: it pings every 25 s and is reopened with the same backoff. While there is no stream, listeners get a
 * `poll` every 30 s in a visible tab — never faster. A stream that reconnects sends `resync`: the server
 * keeps no history, so views refetch what they show.
 */
export function createLive(options: LiveOptions) {
  const pollMs = options.pollMs ?? LIVE_POLL_MS;
  const timers = options.timers ?? globalThis;
  const status = signal<LiveStatus>('off', { name: 'live.status' });
  const listeners = new Set<LiveListener>();
  let source: EventSourceLike | WebSocketLike | null = null;
  /** Learnt once: the server wants a WebSocket. */
  let socket = false;
  let probed = false;
  let ping: ReturnType<typeof setInterval> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  let backoff = 1_000;
  let wasOpen = false;

  const emit = (e: LiveSignal) => {
    for (const l of [...listeners]) l(e);
  };
  const stopPolling = () => {
    if (poll !== null) timers.clearInterval(poll);
    poll = null;
  };
  const startPolling = () => {
    status.value = 'polling';
    if (poll === null)
      poll = timers.setInterval(() => {
        if (options.doc.visibilityState !== 'hidden') emit({ type: 'poll' });
      }, pollMs);
  };

  const ready = () => {
    backoff = 1_000;
    stopPolling();
    status.value = 'push';
    if (wasOpen) emit({ type: 'resync' });
    wasOpen = true;
  };
  const receive = (data: string) => {
    try {
      emit(JSON.parse(data) as LiveEvent);
    } catch {
      // A message this dashboard cannot read is skipped; the next one or a resync catches up.
    }
  };
  const reopenLater = () => {
    startPolling();
    source = null;
    retry = timers.setTimeout(() => {
      retry = null;
      if (listeners.size > 0) open();
    }, backoff);
    backoff = Math.min(backoff * 2, 60_000);
  };
  const stopPing = () => {
    if (ping !== null) timers.clearInterval(ping);
    ping = null;
  };

  function open() {
    status.value = 'connecting';
    if (socket && options.webSocket) openSocket(options.webSocket);
    else openStream();
  }

  function openStream() {
    const es = options.eventSource(options.url);
    source = es;
    es.addEventListener('ready', ready);
    es.addEventListener(LIVE_SSE_EVENT, (m) => receive((m as MessageEvent<string>).data));
    es.onerror = () => {
      if (source !== es) return;
      // CONNECTING: the browser retries on its own; CLOSED: it gave up (an error status), so retry here.
      startPolling();
      if (es.readyState !== 2) return;
      es.close();
      const { probe, webSocket } = options;
      if (!wasOpen && !probed && probe && webSocket) {
        // An EventSource cannot read the status that refused it: ask once whether it was "upgrade".
        probed = true;
        source = null;
        void probe(options.url).then(
          (s) => {
            if (s === 426) socket = true;
            if (listeners.size === 0 || source !== null || retry !== null) return;
            if (socket) open();
            else reopenLater();
          },
          () => {
            if (listeners.size > 0 && source === null && retry === null) reopenLater();
          },
        );
        return;
      }
      reopenLater();
    };
  }

  function openSocket(webSocket: (url: string) => WebSocketLike) {
    const ws = webSocket(options.url);
    source = ws;
    ws.onopen = () => {
      if (source !== ws) return;
      ready();
      stopPing();
      ping = timers.setInterval(() => ws.send(LIVE_PING), LIVE_HEARTBEAT_MS);
    };
    ws.onmessage = (m) => {
      if (source === ws && typeof m.data === 'string' && m.data !== LIVE_PONG) receive(m.data);
    };
    // Refused (401, 429), dropped, or closed by the server to check the session again: reopen.
    ws.onclose = () => {
      if (source !== ws) return;
      stopPing();
      reopenLater();
    };
  }

  function close() {
    const s = source;
    source = null;
    s?.close();
    stopPing();
    // Asked again at the next open: a refusal while signed out (401) said nothing about the transport.
    probed = false;
    if (retry !== null) timers.clearTimeout(retry);
    retry = null;
    stopPolling();
    wasOpen = false;
    status.value = 'off';
  }

  return {
    status: status as ReadonlySignal<LiveStatus>,
    /** Listens (opening the stream for the first listener); returns the function that stops listening. */
    subscribe(listener: LiveListener): () => void {
      listeners.add(listener);
      if (listeners.size === 1 && !source && retry === null) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) close();
      };
    },
    /** Closes the stream, e.g. on sign-out. */
    close,
  };
}

export type Live = ReturnType<typeof createLive>;

/**
 * Calls `refetch` once per burst of matching signals, `ms` after the first, and then at most once every
 * `gap` ms while signals keep coming: a busy organization sends many, and each refetch counts against the
 * person's API rate limit. `poll` and `resync` always match. Returns the function that stops listening.
 */
export function refetchOn(
  live: Pick<Live, 'subscribe'>,
  match: (e: LiveEvent) => boolean,
  refetch: () => void,
  ms = 250,
  gap = 3_000,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = Number.NEGATIVE_INFINITY;
  const stop = live.subscribe((e) => {
    if (e.type !== 'poll' && e.type !== 'resync' && !match(e)) return;
    if (timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        last = Date.now();
        refetch();
      },
      Math.max(ms, last + gap - Date.now()),
    );
  });
  return () => {
    stop();
    if (timer !== null) clearTimeout(timer);
  };
}
