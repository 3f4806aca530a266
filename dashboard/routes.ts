import type { SessionStatus } from './features/session/model';

/** Where each page lives. Must agree with `base` in vite.config.ts and with the server's `/app/*` route. */
export const PATHS = {
  root: '/app/',
  login: '/app/login',
  leads: '/app/leads',
} as const;

/** The page to show, or where to go instead. */
export type RouteDecision = { page: 'loading' | 'login' | 'leads' } | { redirect: string };

/**
 * Decides what a path shows for a session status: signed-out users only see the login page,
 * signed-in users never see it, and every other path under /app/ goes to the right home.
 */
export function resolveRoute(pathname: string, status: SessionStatus): RouteDecision {
  if (status === 'unknown') return { page: 'loading' };
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const home = status === 'signed-in' ? PATHS.leads : PATHS.login;
  if (path === PATHS.login) return status === 'signed-in' ? { redirect: PATHS.leads } : { page: 'login' };
  if (path === PATHS.leads) return status === 'signed-in' ? { page: 'leads' } : { redirect: PATHS.login };
  return { redirect: home };
}
