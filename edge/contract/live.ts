/**
 * What the live channel (GET /api/live) sends: that something changed, never what. Ids only, scoped to the
 * caller's organization; the dashboard refetches what it shows through the normal endpoints, so their RBAC
 * and field rules stay the only ones.
 * - `lead.created`: a lead arrived (any path: form, webhook, import, API, merge);
 * - `lead.changed`: a lead changed; without `leadId`, many did (a bulk operation, an import): refetch lists;
 * - `notification`: the caller's notifications changed (a new one, or one read in another tab);
 * - `resync`: events may have been missed (the server's database listener reconnected): refetch everything.
 */
export type LiveEvent =
  | { type: 'lead.created'; leadId: string }
  | { type: 'lead.changed'; leadId?: string }
  | { type: 'notification' }
  | { type: 'resync' };

/** The SSE event name of every message (its data is a LiveEvent as JSON). */
export const LIVE_SSE_EVENT = 'live';

/** How long a client waits before reconnecting (the SSE `retry:` hint), and the heartbeat period. */
export const LIVE_RETRY_MS = 3_000;
export const LIVE_HEARTBEAT_MS = 25_000;

/** A browser polls no faster than this while push is unavailable. */
export const LIVE_POLL_MS = 30_000;

/**
 * On Workers the channel is a WebSocket whose text frames are LiveEvents as JSON. The client sends
 * `ping` every heartbeat (proxies close idle sockets) and the server answers `pong`.
 */
export const LIVE_PING = 'ping';
export const LIVE_PONG = 'pong';
