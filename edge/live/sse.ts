import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LIVE_HEARTBEAT_MS, LIVE_RETRY_MS, LIVE_SSE_EVENT, type LiveEvent } from '../contract/live';
import { AppError } from '../core/errors';
import type { AppEnv, Auth, Deps } from '../deps';
import { readSessionToken } from '../http/middleware/auth';
import { resolveSession } from '../services/people/sessions';
import type { LiveHub } from './hub';

/** How GET /api/live answers a signed-in caller on this runtime. */
export type LiveChannel = {
  open: (c: Context<AppEnv>, auth: Auth & { userId: string }) => Response | Promise<Response>;
  /**
   * Closes a person's open streams in an organization at once, after their sessions changed (signed out,
   * deactivated, removed, another role); each client reconnects and authenticates again. Absent where
   * streams re-check their session on their own (the Node face, every 25 s).
   */
  revoke?: (organizationId: string, userId: string) => Promise<void>;
};

/**
 * The Node face's channel: Server-Sent Events from the process's hub. The stream starts with a `retry:`
 * hint and a `ready` event; a comment every 25 s keeps proxies from closing it and re-checks the session,
 * so a signed-out or deactivated person stops receiving at the next beat. There is no replay: a client
 * that reconnects refetches what it shows (Last-Event-ID is not used).
 */
export function sseChannel(
  hub: LiveHub,
  deps: Pick<Deps, 'database' | 'now'>,
  heartbeatMs = LIVE_HEARTBEAT_MS,
): LiveChannel {
  return {
    open(c, auth) {
      const token = readSessionToken(c) ?? '';
      let queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = hub.subscribe({
        organizationId: auth.organizationId,
        userId: auth.userId,
        send: (events) => {
          // A client that does not read: its backlog collapses into one "refetch everything".
          queue = queue.length > 100 ? [{ type: 'resync' }] : queue.concat(events);
          wake?.();
        },
      });
      if (!unsubscribe)
        throw new AppError('rate-limited', {
          detail: `At most ${hub.options.maxPerUser} live connections per person; this one polls instead.`,
        });
      return streamSSE(c, async (stream) => {
        let open = true;
        stream.onAbort(() => {
          open = false;
          wake?.();
        });
        const beat = setInterval(() => {
          void sessionAlive(deps, token).then(
            (alive) => {
              if (!alive) open = false;
              if (open) void stream.write(': heartbeat\n\n');
              wake?.();
            },
            () => {},
          );
        }, heartbeatMs);
        try {
          // `ready` promises that changes from now on arrive: only once the database notifies for the org.
          await hub.watched(auth.organizationId);
          await stream.writeSSE({ event: 'ready', data: '{}', retry: LIVE_RETRY_MS });
          while (open) {
            if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
            const batch = queue;
            queue = [];
            for (const e of batch) await stream.writeSSE({ event: LIVE_SSE_EVENT, data: JSON.stringify(e) });
          }
        } finally {
          clearInterval(beat);
          unsubscribe();
        }
      });
    },
  };
}

/** Whether the session behind a stream still stands (not signed out, expired, or its member deactivated). */
async function sessionAlive(deps: Pick<Deps, 'database' | 'now'>, token: string): Promise<boolean> {
  const handle = deps.database.acquire();
  try {
    return (await resolveSession(handle.db, token, deps.now())) !== null;
  } finally {
    await handle.release();
  }
}
