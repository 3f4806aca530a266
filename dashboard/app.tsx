import { AppContext, type AppDeps, useApp } from './app-context';
import { LOCALES, loadCatalogs } from './i18n';
import { currentPath, lazy, Redirect } from './router';
import { resolveRoute } from './routes';
import { AppShell } from './ui/app-shell';
import { Loading } from './ui/loading';

/** Each page is its own chunk, fetched the first time it is shown. */
const PAGES = {
  loading: Loading,
  login: lazy(() => import('./features/session/login-page').then((module) => module.LoginPage)),
  leads: lazy(() => import('./features/leads/leads-page').then((module) => module.LeadsPage)),
  pipeline: lazy(() => import('./features/pipeline/pipeline-page').then((module) => module.PipelinePage)),
  // The form pages write labels in every language (snippets, a new field's labels): all catalogs first.
  forms: lazy(() =>
    Promise.all([import('./features/forms/forms-page'), loadCatalogs(LOCALES)]).then(
      ([module]) => module.FormsPage,
    ),
  ),
  // Duplicates and merge
  duplicates: lazy(() =>
    import('./features/duplicates/duplicates-page').then((module) => module.DuplicatesPage),
  ),
  // Insight: reports and the outbox
  reports: lazy(() => import('./features/reports/reports-page').then((module) => module.ReportsPage)),
  outbox: lazy(() => import('./features/outbox/outbox-page').then((module) => module.OutboxPage)),
};

// CSV import (issue 7)
const ImportPage = lazy(() => import('./features/import/import-page').then((module) => module.ImportPage));

const LeadPage = lazy(() => import('./features/lead/lead-page').then((module) => module.LeadPage));

// lead conversion and CRM records
const CrmListPage = lazy(() => import('./features/crm/crm-list-page').then((module) => module.CrmListPage));
const CRM_RECORD_PAGES = {
  account: lazy(() => import('./features/crm/account-page').then((module) => module.AccountPage)),
  contact: lazy(() => import('./features/crm/contact-page').then((module) => module.ContactPage)),
  opportunity: lazy(() => import('./features/crm/opportunity-page').then((module) => module.OpportunityPage)),
};

const FormEditorPage = lazy(() =>
  Promise.all([import('./features/forms/form-editor-page'), loadCatalogs(LOCALES)]).then(
    ([module]) => module.FormEditorPage,
  ),
);

/** Providers and the router; everything else lives in features/ and ui/. */
export function App({ deps }: { deps: AppDeps }) {
  return (
    <AppContext.Provider value={deps}>
      <Routes />
    </AppContext.Provider>
  );
}

function Routes() {
  const { session } = useApp();
  const route = resolveRoute(currentPath.value, session.status.value);
  // Both branches render AppShell at the same place, so the header stays mounted across redirects.
  if ('redirect' in route) {
    return (
      <AppShell>
        <Redirect to={route.redirect} />
      </AppShell>
    );
  }
  if (route.page === 'form') {
    return (
      <AppShell>
        {/* Keyed by form, so moving to another form (or from "new" to the created one) starts afresh. */}
        <FormEditorPage key={route.formId ?? 'new'} formId={route.formId} />
      </AppShell>
    );
  }
  if (route.page === 'lead') {
    return (
      <AppShell>
        <LeadPage key={route.leadId} leadId={route.leadId} />
      </AppShell>
    );
  }
  if (route.page === 'import') {
    return (
      <AppShell>
        {/* Not keyed by job: the upload puts the new job in the URL while the wizard goes on. */}
        <ImportPage jobId={route.jobId} />
      </AppShell>
    );
  }
  if ('recordId' in route) {
    const RecordPage = CRM_RECORD_PAGES[route.page];
    return (
      <AppShell>
        <RecordPage key={route.recordId} id={route.recordId} />
      </AppShell>
    );
  }
  if (route.page === 'accounts' || route.page === 'contacts' || route.page === 'opportunities') {
    return (
      <AppShell>
        <CrmListPage key={route.page} kind={route.page} />
      </AppShell>
    );
  }
  const Page = PAGES[route.page];
  return (
    <AppShell>
      <Page />
    </AppShell>
  );
}
