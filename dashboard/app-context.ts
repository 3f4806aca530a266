import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client';
import type { Live } from './api/live';
import type { FormsModel } from './features/forms/model';
import type { LeadsModel } from './features/leads/model';
import type { SessionModel } from './features/session/model';
import type { SetupModel } from './features/setup/model';

/** What the views need, created once in main.tsx and provided by app.tsx. */
export type AppDeps = {
  api: ApiClient;
  session: SessionModel;
  leads: LeadsModel;
  forms: FormsModel;
  /** The live channel (GET /api/live): views refetch when what they show changed elsewhere. */
  live: Live;
  /** Whether the first-run setup is open (no organization yet). */
  setup: SetupModel;
  /** Where the language choice is remembered; null when the browser denies storage. */
  storage: Storage | null;
};

export const AppContext = createContext<AppDeps | null>(null);

/** The app's dependencies; only valid below `<App>`. */
export function useApp(): AppDeps {
  const deps = useContext(AppContext);
  if (!deps) throw new Error('useApp() called outside <App>');
  return deps;
}
