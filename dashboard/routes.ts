import type { Role } from '@contract/session';
import type { SessionStatus } from './features/session/model';
import { type SectionId, settingsHome, settingsSectionAt } from './features/settings/sections';

/** Where each page lives. Must agree with `base` in vite.config.ts and with the server's `/app/*` route. */
export const PATHS = {
  root: '/app/',
  login: '/app/login',
  forgot: '/app/forgot',
  reset: '/app/reset',
  leads: '/app/leads',
  tasks: '/app/tasks',
  pipeline: '/app/pipeline',
  forms: '/app/forms',
  newForm: '/app/forms/new',
  duplicates: '/app/duplicates',
  reports: '/app/reports',
  outbox: '/app/outbox',
  accounts: '/app/accounts',
  contacts: '/app/contacts',
  opportunities: '/app/opportunities',
  importLeads: '/app/leads/import',
  setup: '/app/setup',
  signup: '/app/signup',
  invite: '/app/invite',
  settings: '/app/settings',
  account: '/app/account',
} as const;

/** The detail page of one lead. */
export const leadPath = (id: string) => `${PATHS.leads}/${encodeURIComponent(id)}`;

/** The import wizard at one job's current step (upload, the first step, has no job yet). */
export const importJobPath = (id: string) => `${PATHS.importLeads}/${encodeURIComponent(id)}`;

/** The editor of one form. */
export const formPath = (id: string) => `${PATHS.forms}/${encodeURIComponent(id)}`;

/** The page to show, or where to go instead. `formId` null is a new form, `jobId` null a new import. */
export type RouteDecision =
  | {
      page:
        | 'loading'
        | 'login'
        | 'forgot'
        | 'reset'
        | 'leads'
        | 'tasks'
        | 'pipeline'
        | 'forms'
        | 'duplicates'
        | 'reports'
        | 'outbox';
    }
  | { page: 'import'; jobId: string | null }
  | { page: 'form'; formId: string | null }
  | { page: 'lead'; leadId: string }
  | { page: 'setup' | 'signup' | 'invite' | 'my-account' }
  | { page: 'settings'; section: SectionId }
  | { redirect: string }
  | CrmRoute;

const FORM_PATH = /^\/app\/forms\/([A-Za-z0-9_-]{1,64})$/;
const LEAD_PATH = /^\/app\/leads\/([A-Za-z0-9_-]{1,64})$/;
const IMPORT_JOB_PATH = /^\/app\/leads\/import\/([A-Za-z0-9_-]{1,64})$/;

/**
 * Where a signed-in person starts: a member works their tasks (My tasks); viewers, admins and owners, who
 * oversee the pipeline rather than work a queue of their own, start on the leads list.
 */
export function homePath(role: Role | null | undefined): string {
  return role === 'member' ? PATHS.tasks : PATHS.leads;
}

/** The signed-in pages, by path. */
function signedInPage(path: string): RouteDecision | null {
  if (path === PATHS.leads) return { page: 'leads' };
  if (path === PATHS.tasks) return { page: 'tasks' };
  if (path === PATHS.forms) return { page: 'forms' };
  if (path === PATHS.pipeline) return { page: 'pipeline' };
  if (path === PATHS.newForm) return { page: 'form', formId: null };
  if (path === PATHS.duplicates) return { page: 'duplicates' };
  if (path === PATHS.reports) return { page: 'reports' };
  if (path === PATHS.outbox) return { page: 'outbox' };
  if (path === PATHS.account) return { page: 'my-account' };
  const form = FORM_PATH.exec(path);
  if (form) return { page: 'form', formId: form[1]! };
  // Before the lead pattern, which "import" would match.
  if (path === PATHS.importLeads) return { page: 'import', jobId: null };
  const importJob = IMPORT_JOB_PATH.exec(path);
  if (importJob) return { page: 'import', jobId: importJob[1]! };
  const lead = LEAD_PATH.exec(path);
  return lead ? { page: 'lead', leadId: lead[1]! } : crmPage(path);
}

/** What besides the session status decides a route: the signed-in role, whether first-run setup is open. */
export type RouteContext = {
  role?: Role | null;
  /** True while no organization exists; `unknown` until `GET /api/setup` answers. */
  setupNeeded?: boolean | 'unknown';
};

/** The settings area for a role: its home redirects to the first section the role may see. */
function settingsRoute(path: string, role: Role | null | undefined): RouteDecision | null {
  if (path === PATHS.settings) return { redirect: (role && settingsHome(role)) ?? PATHS.leads };
  const section = settingsSectionAt(path);
  if (!section) return null;
  return role && section.allowed(role)
    ? { page: 'settings', section: section.id }
    : { redirect: PATHS.leads };
}

/**
 * Decides what a path shows for a session status: signed-out users only see the login page (or the
 * first-run setup while it is open, sign-up, and an invitation), signed-in users never see the login page, and
 * every other path under /app/ goes to the right home.
 */
export function resolveRoute(
  pathname: string,
  status: SessionStatus,
  { role = null, setupNeeded = false }: RouteContext = {},
): RouteDecision {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  // Public pages: they work whoever is (or is not) signed in, and check their own token.
  if (path === PATHS.setup) return { page: 'setup' };
  if (path === PATHS.signup) return { page: 'signup' };
  if (path === PATHS.invite) return { page: 'invite' };
  if (status === 'unknown') return { page: 'loading' };
  // `/app/` and `/app` alike (the trailing slash is gone by now).
  if (status === 'signed-out' && (path === PATHS.login || `${path}/` === PATHS.root)) {
    if (setupNeeded === 'unknown') return { page: 'loading' };
    if (setupNeeded) return { redirect: PATHS.setup };
  }
  const home = status === 'signed-in' ? homePath(role) : PATHS.login;
  // A forgotten password's pages need no session (a reset link may be opened while signed in, too).
  if (path === PATHS.forgot) return { page: 'forgot' };
  if (path === PATHS.reset) return { page: 'reset' };
  if (path === PATHS.login) return status === 'signed-in' ? { redirect: home } : { page: 'login' };
  const page = signedInPage(path);
  if (page) return status === 'signed-in' ? page : { redirect: PATHS.login };
  if (path === PATHS.settings || path.startsWith(`${PATHS.settings}/`)) {
    if (status !== 'signed-in') return { redirect: PATHS.login };
    const settings = settingsRoute(path, role);
    if (settings) return settings;
  }
  return { redirect: home };
}

/** The CRM lists (`accounts`, …) and records (`account`, …) that lead conversion creates. */
export type CrmRoute =
  | { page: 'accounts' | 'contacts' | 'opportunities' }
  | { page: 'account' | 'contact' | 'opportunity'; recordId: string };

/** The page of one account. */
export const accountPath = (id: string) => `${PATHS.accounts}/${encodeURIComponent(id)}`;
/** The page of one contact. */
export const contactPath = (id: string) => `${PATHS.contacts}/${encodeURIComponent(id)}`;
/** The page of one opportunity. */
export const opportunityPath = (id: string) => `${PATHS.opportunities}/${encodeURIComponent(id)}`;

const CRM_PATH = /^\/app\/(accounts|contacts|opportunities)(?:\/([A-Za-z0-9_-]{1,64}))?$/;
const CRM_RECORD = { accounts: 'account', contacts: 'contact', opportunities: 'opportunity' } as const;

function crmPage(path: string): CrmRoute | null {
  const match = CRM_PATH.exec(path);
  if (!match) return null;
  const list = match[1] as keyof typeof CRM_RECORD;
  return match[2] ? { page: CRM_RECORD[list], recordId: match[2] } : { page: list };
}
