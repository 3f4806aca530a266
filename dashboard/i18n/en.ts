/**
 * The source catalog. Every other catalog must have exactly these keys (checked by the type
 * system and by i18n.test.ts). `{name}` marks a placeholder filled by `t(key, { name })`.
 */
export const en = {
  'app.name': 'Leadgate',
  'app.loading': 'Loading…',
  'app.loadFailed': 'This part of the app could not be loaded.',
  'app.retry': 'Try again',
  'page.title': '{page} · Leadgate',
  'locale.name': 'English',

  'shell.skipToContent': 'Skip to main content',
  'shell.navLabel': 'Main',
  'shell.nav.leads': 'Leads',
  'shell.language': 'Language',
  'shell.signedInAs': 'Signed in as',
  'shell.signOut': 'Sign out',
  'role.viewer': 'Viewer',
  'role.member': 'Member',
  'role.admin': 'Admin',
  'role.owner': 'Owner',

  'login.title': 'Sign in to Leadgate',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.error.invalidCredentials': 'Email or password is incorrect',
  'form.error.emailRequired': 'Enter your email address',
  'form.error.emailInvalid': 'Enter an email address like name@example.com',
  'form.error.passwordRequired': 'Enter your password',
  'form.error.tooLong': 'This is too long',
  'form.error.invalid': 'Check this field',

  'errors.network': 'Cannot reach the server. Check your connection and try again.',
  'errors.rateLimited': 'Too many attempts. Wait a moment and try again.',
  'errors.validation': 'Some fields need attention.',
  'errors.forbidden': 'You do not have permission to do this.',
  'errors.sessionExpired': 'Your session has ended. Sign in again.',
  'errors.unavailable': 'The service is temporarily unavailable. Try again in a moment.',
  'errors.unexpected': 'Something went wrong. Try again.',

  'leads.title': 'Leads',
  'leads.caption': 'Leads, highest score first',
  'leads.col.score': 'Score',
  'leads.col.name': 'Name',
  'leads.col.company': 'Company',
  'leads.col.status': 'Status',
  'leads.col.assignee': 'Assignee',
  'leads.col.source': 'Source',
  'leads.col.created': 'Created',
  'leads.status.NEW': 'New',
  'leads.status.CONTACTED': 'Contacted',
  'leads.status.QUALIFIED': 'Qualified',
  'leads.status.LOST': 'Lost',
  'leads.unassigned': 'Unassigned',
  'leads.loadMore': 'Load more',
  'leads.refresh': 'Refresh',
  'leads.loading': 'Loading leads…',
  'leads.loadingMore': 'Loading more leads…',
  'leads.shown': 'Leads shown: {count}',
  'leads.shownAll': 'Leads shown: {count}. There are no more.',
  'leads.empty': 'No leads yet.',
  'leads.keyboardHint': 'Tip: press J and K to move between rows.',

  'score.band.high': 'High',
  'score.band.medium': 'Medium',
  'score.band.low': 'Low',
} as const;

/** A key of the source catalog. */
export type MessageKey = keyof typeof en;

/** The shape every translation must satisfy: all keys of `en`, no more, string values. */
export type Catalog = Record<MessageKey, string>;
