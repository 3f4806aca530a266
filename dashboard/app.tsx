import { AppContext, type AppDeps, useApp } from './app-context';
import { currentPath, lazy, Redirect } from './router';
import { resolveRoute } from './routes';
import { AppShell } from './ui/app-shell';
import { Loading } from './ui/loading';

/** Each page is its own chunk, fetched the first time it is shown. */
const PAGES = {
  loading: Loading,
  login: lazy(() => import('./features/session/login-page').then((module) => module.LoginPage)),
  leads: lazy(() => import('./features/leads/leads-page').then((module) => module.LeadsPage)),
};

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
  const Page = PAGES[route.page];
  return (
    <AppShell>
      <Page />
    </AppShell>
  );
}
