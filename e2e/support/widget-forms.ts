/** Admin calls the widget's browser tests need: create a form with settings, read the quarantine. */
export async function formAdmin(baseUrl: string, email: string, password: string) {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { csrfToken?: string; session?: { csrfToken: string } };
  const csrf = session.csrfToken ?? session.session?.csrfToken ?? '';
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    /** Creates an active form (settings as in the dashboard's Forms page); returns its id. */
    async createForm(settings: Record<string, unknown>): Promise<string> {
      const r = await fetch(`${baseUrl}/api/forms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify(settings),
      });
      if (r.status !== 201) throw new Error(`create form: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { id: string }).id;
    },
    /** Allows one more origin on a form, as the editor's one-click "allow" of a refused site does. */
    async allowOrigin(formId: string, origin: string): Promise<void> {
      const r = await fetch(`${baseUrl}/api/forms/${formId}/allowed-origins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ origin }),
      });
      if (r.status !== 200) throw new Error(`allow origin: ${r.status} ${await r.text()}`);
    },
    /** Submissions held for review. */
    async quarantine(): Promise<Array<{ formId: string | null; reason: string; payload: unknown }>> {
      const r = await fetch(`${baseUrl}/api/quarantine`, { headers: { cookie } });
      if (!r.ok) throw new Error(`quarantine: ${r.status} ${await r.text()}`);
      return (
        (await r.json()) as { items: Array<{ formId: string | null; reason: string; payload: unknown }> }
      ).items;
    },
  };
}

/**
 * A stand-in for Cloudflare's Turnstile client script (`api.js?render=explicit`), implementing the
 * documented explicit API the widget uses: `render(el, { sitekey, callback, 'expired-callback' })` returns
 * an id and calls `callback` with a token shortly after; `reset(id)` issues a new one; `getResponse(id)`,
 * `remove(id)`. Tokens are the `tokens` given, in order (the test registers them with the fake siteverify).
 * `window.__fakeTurnstile` exposes what was rendered and the tokens issued, and lets a test expire the
 * current token.
 */
export function fakeTurnstileScript(tokens: string[]): string {
  return `(() => {
  const tokens = ${JSON.stringify(tokens)};
  const widgets = {};
  const rendered = [];
  const issued = [];
  let ids = 0;
  const issue = (id) => {
    const w = widgets[id];
    w.token = '';
    setTimeout(() => { w.token = tokens.shift() || 'no-more-tokens'; issued.push(w.token); w.params.callback && w.params.callback(w.token); }, 30);
  };
  window.turnstile = {
    render(el, params) {
      const id = 'cf-' + ++ids;
      widgets[id] = { el, params, token: '' };
      rendered.push({ sitekey: params.sitekey, language: params.language, inLightDom: el.getRootNode() === document });
      el.textContent = 'Verifying you are human (fake Turnstile)';
      issue(id);
      return id;
    },
    reset(id) { issue(id); },
    getResponse(id) { return widgets[id].token; },
    remove(id) { widgets[id].el.textContent = ''; delete widgets[id]; },
    isExpired() { return false; },
  };
  window.__fakeTurnstile = {
    rendered,
    issued,
    expire() { for (const w of Object.values(widgets)) { w.token = ''; w.params['expired-callback'] && w.params['expired-callback'](); } },
  };
})();`;
}
