import type { SessionStatus } from './features/session/model';

/** Where each page lives. Must agree with `base` in vite.config.ts and with the server's `/app/*` route. */
export const PATHS = {
  root: '/app/',
  login: '/app/login',
  leads: '/app/leads',
  pipeline: '/app/pipeline',
  forms: '/app/forms',
  newForm: '/app/forms/new',
  // CSV import (issue 7)
  importLeads: '/app/leads/import',
} as const;

/** The detail page of one lead. */
export const leadPath = (id: string) => `${PATHS.leads}/${encodeURIComponent(id)}`;

/** The editor of one form. */
export const formPath = (id: string) => `${PATHS.forms}/${encodeURIComponent(id)}`;

/** The page to show, or where to go instead. `formId` null is a new form. */
export type RouteDecision =
  | { page: 'loading' | 'login' | 'leads' | 'pipeline' | 'forms' | 'import' }
  | { page: 'form'; formId: string | null }
  | { page: 'lead'; leadId: string }
  | { redirect: string };

const FORM_PATH = /^\/app\/forms\/([A-Za-z0-9_-]{1,64})$/;
const LEAD_PATH = /^\/app\/leads\/([A-Za-z0-9_-]{1,64})$/;

/** The signed-in pages, by path. */
function signedInPage(path: string): RouteDecision | null {
  if (path === PATHS.leads) return { page: 'leads' };
  if (path === PATHS.forms) return { page: 'forms' };
  if (path === PATHS.pipeline) return { page: 'pipeline' };
  if (path === PATHS.newForm) return { page: 'form', formId: null };
  const form = FORM_PATH.exec(path);
  if (form) return { page: 'form', formId: form[1]! };
  // CSV import (issue 7): before the lead pattern, which "import" would match.
  if (path === PATHS.importLeads) return { page: 'import' };
  const lead = LEAD_PATH.exec(path);
  return lead ? { page: 'lead', leadId: lead[1]! } : null;
}

/**
 * Decides what a path shows for a session status: signed-out users only see the login page,
 * signed-in users never see it, and every other path under /app/ goes to the right home.
 */
export function resolveRoute(pathname: string, status: SessionStatus): RouteDecision {
  if (status === 'unknown') return { page: 'loading' };
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const home = status === 'signed-in' ? PATHS.leads : PATHS.login;
  if (path === PATHS.login) return status === 'signed-in' ? { redirect: PATHS.leads } : { page: 'login' };
  const page = signedInPage(path);
  if (page) return status === 'signed-in' ? page : { redirect: PATHS.login };
  return { redirect: home };
}
