import type { JSX } from 'preact';
import { AppContext, type AppDeps, useApp } from './app-context';
import type { SectionId } from './features/settings/sections';
import { LOCALES, loadCatalogs } from './i18n';
import { currentPath, lazy, Redirect } from './router';
import { type RouteDecision, resolveRoute } from './routes';
import { AppShell } from './ui/app-shell';
import { Loading } from './ui/loading';

/** Each page is its own chunk, fetched the first time it is shown. */
const LoginPage = lazy(() => import('./features/session/login-page').then((m) => m.LoginPage));
const ForgotPage = lazy(() => import('./features/session/forgot-page').then((m) => m.ForgotPage));
const ResetPage = lazy(() => import('./features/session/reset-page').then((m) => m.ResetPage));
const LeadsPage = lazy(() => import('./features/leads/leads-page').then((m) => m.LeadsPage));
const TasksPage = lazy(() => import('./features/tasks/tasks-page').then((m) => m.TasksPage));
const LeadPage = lazy(() => import('./features/lead/lead-page').then((m) => m.LeadPage));
const ImportPage = lazy(() => import('./features/import/import-page').then((m) => m.ImportPage));
const PipelinePage = lazy(() => import('./features/pipeline/pipeline-page').then((m) => m.PipelinePage));
const DuplicatesPage = lazy(() =>
  import('./features/duplicates/duplicates-page').then((m) => m.DuplicatesPage),
);
const ReportsPage = lazy(() => import('./features/reports/reports-page').then((m) => m.ReportsPage));
const OutboxPage = lazy(() => import('./features/outbox/outbox-page').then((m) => m.OutboxPage));
const SsoSettingsPage = lazy(() => import('./features/sso/sso-settings-page').then((m) => m.SsoSettingsPage));
const AuditPage = lazy(() => import('./features/audit/audit-page').then((m) => m.AuditPage));
const CrmListPage = lazy(() => import('./features/crm/crm-list-page').then((m) => m.CrmListPage));
const AccountPage = lazy(() => import('./features/crm/account-page').then((m) => m.AccountPage));
const ContactPage = lazy(() => import('./features/crm/contact-page').then((m) => m.ContactPage));
const OpportunityPage = lazy(() => import('./features/crm/opportunity-page').then((m) => m.OpportunityPage));
// The form pages write labels in every language (snippets, a new field's labels): all catalogs first.
const FormsPage = lazy(() =>
  Promise.all([import('./features/forms/forms-page'), loadCatalogs(LOCALES)]).then(([m]) => m.FormsPage),
);
const FormEditorPage = lazy(() =>
  Promise.all([import('./features/forms/form-editor-page'), loadCatalogs(LOCALES)]).then(
    ([m]) => m.FormEditorPage,
  ),
);

const SetupPage = lazy(() => import('./features/setup/setup-page').then((m) => m.SetupPage));
const SignupPage = lazy(() => import('./features/signup/signup-page').then((m) => m.SignupPage));
const AcceptInvitationPage = lazy(() =>
  import('./features/invitations/accept-page').then((m) => m.AcceptInvitationPage),
);
const MyAccountPage = lazy(() => import('./features/account/account-page').then((m) => m.AccountPage));
const SettingsShell = lazy(() => import('./features/settings/settings-shell').then((m) => m.SettingsShell));
const MembersPage = lazy(() => import('./features/members/members-page').then((m) => m.MembersPage));
const InvitationsPage = lazy(() =>
  import('./features/invitations/invitations-page').then((m) => m.InvitationsPage),
);
const TeamsPage = lazy(() => import('./features/teams/teams-page').then((m) => m.TeamsPage));
const OutgoingWebhooksPage = lazy(() =>
  import('./features/outgoing-webhooks/outgoing-webhooks-page').then((m) => m.OutgoingWebhooksPage),
);
const ScoringPage = lazy(() => import('./features/scoring/scoring-page').then((m) => m.ScoringPage));
const RoutingPage = lazy(() => import('./features/routing/routing-page').then((m) => m.RoutingPage));
const OrganizationPage = lazy(() =>
  import('./features/organization/organization-page').then((m) => m.OrganizationPage),
);
const ApiKeysPage = lazy(() => import('./features/integrations/api-keys-page').then((m) => m.ApiKeysPage));
const WebhookSourcesPage = lazy(() =>
  import('./features/integrations/webhook-sources-page').then((m) => m.WebhookSourcesPage),
);

const QuarantinePage = lazy(() =>
  import('./features/quarantine/quarantine-page').then((m) => m.QuarantinePage),
);
const DataSettingsPage = lazy(() =>
  import('./features/data-settings/data-settings-page').then((m) => m.DataSettingsPage),
);

/** The settings sections' pages (the list and the least role of each: features/settings/sections.ts). */
const SETTINGS_PAGES: Record<SectionId, () => JSX.Element> = {
  organization: () => <OrganizationPage />,
  members: () => <MembersPage />,
  teams: () => <TeamsPage />,
  routing: () => <RoutingPage />,
  invitations: () => <InvitationsPage />,
  sso: () => <SsoSettingsPage />,
  quarantine: () => <QuarantinePage />,
  data: () => <DataSettingsPage />,
  audit: () => <AuditPage />,
  'outgoing-webhooks': () => <OutgoingWebhooksPage />,
  scoring: () => <ScoringPage />,
  'api-keys': () => <ApiKeysPage />,
  webhooks: () => <WebhookSourcesPage />,
};

type PageRoute = Exclude<RouteDecision, { redirect: string }>;

/** What each route shows. Pages showing one record are keyed by it, so moving to another starts afresh. */
const PAGES: { [P in PageRoute['page']]: (route: Extract<PageRoute, { page: P }>) => JSX.Element } = {
  loading: () => <Loading />,
  login: () => <LoginPage />,
  forgot: () => <ForgotPage />,
  reset: () => <ResetPage />,
  leads: () => <LeadsPage />,
  tasks: () => <TasksPage />,
  lead: ({ leadId }) => <LeadPage key={leadId} leadId={leadId} />,
  // Not keyed by job: the upload puts the new job in the URL while the wizard goes on.
  import: ({ jobId }) => <ImportPage jobId={jobId} />,
  pipeline: () => <PipelinePage />,
  forms: () => <FormsPage />,
  // "new" and the form it creates are different keys, so saving a new form starts the editor afresh.
  form: ({ formId }) => <FormEditorPage key={formId ?? 'new'} formId={formId} />,
  duplicates: () => <DuplicatesPage />,
  reports: () => <ReportsPage />,
  outbox: () => <OutboxPage />,
  accounts: ({ page }) => <CrmListPage key={page} kind={page} />,
  contacts: ({ page }) => <CrmListPage key={page} kind={page} />,
  opportunities: ({ page }) => <CrmListPage key={page} kind={page} />,
  account: ({ recordId }) => <AccountPage key={recordId} id={recordId} />,
  contact: ({ recordId }) => <ContactPage key={recordId} id={recordId} />,
  opportunity: ({ recordId }) => <OpportunityPage key={recordId} id={recordId} />,
  setup: () => <SetupPage />,
  signup: () => <SignupPage />,
  invite: () => <AcceptInvitationPage />,
  'my-account': () => <MyAccountPage />,
  settings: ({ section }) => <SettingsShell section={section}>{SETTINGS_PAGES[section]()}</SettingsShell>,
};

/** Providers and the router; everything else lives in features/ and ui/. */
export function App({ deps }: { deps: AppDeps }) {
  return (
    <AppContext.Provider value={deps}>
      <Routes />
    </AppContext.Provider>
  );
}

/** The route's page; the table's type guarantees each entry gets its own kind of route. */
function renderPage(route: PageRoute): JSX.Element {
  return (PAGES[route.page] as (route: PageRoute) => JSX.Element)(route);
}

function Routes() {
  const { session, setup } = useApp();
  const route = resolveRoute(currentPath.value, session.status.value, {
    role: session.session.value?.role ?? null,
    setupNeeded: setup.needed.value ?? 'unknown',
  });
  // A redirect renders inside the same AppShell as a page, so the header stays mounted across it.
  return <AppShell>{'redirect' in route ? <Redirect to={route.redirect} /> : renderPage(route)}</AppShell>;
}
