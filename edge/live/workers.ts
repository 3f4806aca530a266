import type { DurableObjectNamespace } from '@cloudflare/workers-types';
import { AppError } from '../core/errors';
import { LIVE_MAX_HEADER, LIVE_USER_HEADER, type LiveRoomObject } from './room';
import type { LiveChannel } from './sse';

/**
 * The Workers face's channel: a WebSocket held by the organization's room (see room.ts). The route has
 * authenticated the session; this hands the upgrade to the room with the person named by the worker, never
 * by the client. A plain GET (an EventSource) is told to upgrade (426), which is how the dashboard learns
 * which transport this server speaks. A page of another site may not open a socket with the person's
 * cookie (browsers send cookies with cross-site WebSocket handshakes), so a foreign Origin is refused.
 */
export function roomsChannel(rooms: DurableObjectNamespace<LiveRoomObject>, maxPerUser = 5): LiveChannel {
  return {
    async open(c, auth) {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket')
        throw new AppError('upgrade-required', {
          detail: 'Live updates on this server are a WebSocket: connect with Upgrade: websocket.',
        });
      const origin = c.req.header('origin');
      if (origin && new URL(origin).host !== new URL(c.req.url).host)
        throw new AppError('forbidden', { detail: 'Live updates are for pages of this site.' });
      const res = await rooms.get(rooms.idFromName(auth.organizationId)).fetch('https://live-room/connect', {
        headers: {
          upgrade: 'websocket',
          [LIVE_USER_HEADER]: auth.userId,
          [LIVE_MAX_HEADER]: String(maxPerUser),
        },
      });
      if (res.status === 429)
        throw new AppError('rate-limited', {
          detail: `At most ${maxPerUser} live connections per person; this one polls instead.`,
        });
      return res as unknown as Response;
    },
    async revoke(organizationId, userId) {
      const res = await rooms.get(rooms.idFromName(organizationId)).fetch('https://live-room/revoke', {
        method: 'POST',
        headers: { [LIVE_USER_HEADER]: userId },
      });
      await res.body?.cancel();
    },
  };
}
