import type { Context } from 'hono';
import type { AppEnv, Deps } from '../deps';

/**
 * After the answer, closes the open live streams of a person in the caller's organization (the caller
 * themself unless `userId` names another), so a signed-out, deactivated or removed person stops hearing at
 * once rather than at their stream's next session check. The others reconnect and authenticate again.
 */
export function revokeLiveLater(c: Context<AppEnv>, deps: Pick<Deps, 'live'>, userId?: string): void {
  const revoke = deps.live?.revoke;
  const auth = c.get('auth');
  const person = userId ?? auth.userId;
  if (!revoke || !person) return;
  c.get('defer')(revoke(auth.organizationId, person));
}
