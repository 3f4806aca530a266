import type { Connection } from '../../db/connect';
import type { Deps } from '../deps';
import { LiveHub } from './hub';
import { LiveListenerRegistry } from './listeners';
import { type LiveChannel, sseChannel } from './sse';

/** The database channel the `leadgate_live` triggers notify on (see the live-notify migration). */
export const LIVE_DB_CHANNEL = 'leadgate_live';

/**
 * Live updates on the Node face: one LISTEN session for the whole process (the PGlite connection itself
 * when embedded), fanned out by the hub to the Server-Sent Event streams of its organization. The database
 * notifies only for organizations with an open stream somewhere (the registry's rows).
 */
export async function startNodeLive(
  conn: Pick<Connection, 'listen'>,
  deps: Pick<Deps, 'database' | 'now' | 'newId' | 'logger'>,
  options: { maxPerUser?: number; heartbeatMs?: number } = {},
): Promise<{ channel: LiveChannel; hub: LiveHub; stop: () => Promise<void> }> {
  const registry = new LiveListenerRegistry(deps);
  const hub = new LiveHub({
    maxPerUser: options.maxPerUser ?? 5,
    watch: (organizationId, on) => registry.set(organizationId, on),
  });
  const unlisten = await conn.listen(
    LIVE_DB_CHANNEL,
    (payload) => hub.deliver(payload),
    () => hub.resync(),
  );
  const stop = async () => {
    await registry.stop();
    await unlisten();
  };
  return { channel: sseChannel(hub, deps, options.heartbeatMs), hub, stop };
}
