import { DurableObject } from 'cloudflare:workers';
import type {
  Request as CfRequest,
  Response as CfResponse,
  DurableObjectNamespace,
  DurableObjectState,
  WebSocketRequestResponsePair as PairType,
  WebSocket,
  WebSocketPair as WebSocketPairType,
} from '@cloudflare/workers-types';
import { LIVE_PING, LIVE_PONG } from '../contract/live';
import { type LiveNotice, liveEventsFor, mergeLiveNotices, parseLiveNotice } from '../core/live';

/** The headers the worker sets on the requests it forwards to a room (never taken from a client). */
export const LIVE_USER_HEADER = 'x-leadgate-live-user';
export const LIVE_MAX_HEADER = 'x-leadgate-live-max';

/** A socket is closed this long after it was opened, so its person re-authenticates by reconnecting. */
export const LIVE_REAUTH_MS = 15 * 60_000;

/** The close code of a socket whose session must be checked again (the client reconnects at once). */
export const LIVE_CLOSE_REAUTH = 4001;

// Globals of the Workers runtime (this module only runs there).
declare const WebSocketPair: typeof WebSocketPairType;
declare const WebSocketRequestResponsePair: typeof PairType;

type Attachment = { userId: string; until: number };

/**
 * One organization's dashboards on Workers (the worker names it `idFromName(organizationId)`): their
 * WebSockets, held through the hibernation API, so an idle room costs no duration while it sleeps and the
 * ping each client sends to keep proxies from closing it is answered without waking it. Only the worker
 * reaches a room (a Durable Object has no public address): it authenticates the person, and names them
 * in a header of its own. Each socket is tagged with its person, which bounds their sockets and would let
 * a notice reach them alone.
 */
export class LiveRoomObject extends DurableObject<unknown> {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_PING, LIVE_PONG));
  }

  override async fetch(request: CfRequest): Promise<CfResponse> {
    const url = new URL(request.url);
    if (url.pathname === '/publish' && request.method === 'POST') {
      const notice = parseLiveNotice(await request.text());
      if (notice) this.#publish(notice);
      return new Response(null, { status: 204 }) as unknown as CfResponse;
    }
    const userId = request.headers.get(LIVE_USER_HEADER);
    if (url.pathname === '/revoke' && request.method === 'POST' && userId) {
      for (const ws of this.ctx.getWebSockets(userId)) ws.close(LIVE_CLOSE_REAUTH, 'reauthenticate');
      return new Response(null, { status: 204 }) as unknown as CfResponse;
    }
    if (!userId || request.headers.get('upgrade')?.toLowerCase() !== 'websocket')
      return new Response(null, { status: 400 }) as unknown as CfResponse;
    const max = Number(request.headers.get(LIVE_MAX_HEADER) ?? '5');
    if (this.ctx.getWebSockets(userId).length >= max)
      return new Response(null, { status: 429 }) as unknown as CfResponse;
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [userId]);
    server.serializeAttachment({ userId, until: Date.now() + LIVE_REAUTH_MS } satisfies Attachment);
    return new Response(null, {
      status: 101,
      webSocket: client,
    } as unknown as ResponseInit) as unknown as CfResponse;
  }

  #publish(notice: LiveNotice): void {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const a = ws.deserializeAttachment() as Attachment | null;
      if (!a) continue;
      if (now >= a.until) {
        ws.close(LIVE_CLOSE_REAUTH, 'reauthenticate');
        continue;
      }
      const events = liveEventsFor(notice, a.userId);
      try {
        for (const e of events) ws.send(JSON.stringify(e));
      } catch {
        // A socket that closed meanwhile: its close handler tidies up.
      }
    }
  }

  override async webSocketMessage(): Promise<void> {
    // Clients only ping, which the auto-response answers while the room sleeps.
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }
}

/**
 * Posts the notices of one unit of work (merged per organization) to their organizations' rooms. A room
 * that cannot be reached loses that notice: its dashboards catch up at their next reconnect or poll.
 */
export async function publishToRooms(
  rooms: DurableObjectNamespace<LiveRoomObject>,
  payloads: string[],
  onError: (error: unknown) => void,
): Promise<void> {
  const notices = mergeLiveNotices(payloads.map(parseLiveNotice).filter((n) => n !== null));
  await Promise.all(
    notices.map((notice) =>
      rooms
        .get(rooms.idFromName(notice.o))
        .fetch('https://live-room/publish', { method: 'POST', body: JSON.stringify(notice) })
        .then((res) => void res.body?.cancel(), onError),
    ),
  );
}
