import './zod-config';
import { effect } from '@preact/signals';
import { render } from 'preact';
import { createApiClient } from './api/client';
import { createLive } from './api/live';
import { App } from './app';
import { FormsModel } from './features/forms/model';
import { LeadsModel } from './features/leads/model';
import { SessionModel } from './features/session/model';
import { SetupModel } from './features/setup/model';
import { initLocale, syncDocumentLanguage, timeZone } from './i18n';
import { listenToHistory } from './router';
import './ui/styles.css';

/** localStorage, or null where reading it throws (storage disabled, sandboxed frames). */
function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const storage = browserStorage();
const localeReady = initLocale(storage, navigator.languages);
syncDocumentLanguage(document.documentElement);
listenToHistory();

const session = new SessionModel();
const leads = new LeadsModel();
const forms = new FormsModel();
const setup = new SetupModel();
const live = createLive({
  url: '/api/live',
  eventSource: (url) => new EventSource(url),
  // Only the status matters (426: this server speaks WebSocket), so this bypasses the API client.
  probe: (url) =>
    fetch(url, { credentials: 'same-origin' }).then((r) => {
      void r.body?.cancel();
      return r.status;
    }),
  webSocket: (url) => new WebSocket(new URL(url, location.href.replace(/^http/, 'ws'))),
  doc: document,
});
const api = createApiClient({
  baseUrl: location.origin,
  csrfToken: () => session.csrfToken.value,
  onUnauthorized: () => {
    session.expire();
    live.close();
    leads.reset();
    forms.reset();
  },
});

void session.load(api).then((answer) => setup.check(api.people, answer));
// Dates and times are shown in the signed-in person's zone (signed out: the browser's).
effect(() => {
  timeZone.value = session.session.value?.timezone;
});

const root = document.getElementById('app');
// The first render waits for the chosen language's catalog (one small chunk), never showing English first.
void localeReady.then(() => {
  if (root) render(<App deps={{ api, session, leads, forms, live, setup, storage }} />, root);
});
