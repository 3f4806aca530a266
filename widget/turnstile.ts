/**
 * Cloudflare Turnstile for `<lead-form>`, built apart to `widget-turnstile.<hash>.js` and imported by the
 * element on the first focus of a field of a form that enables it: Turnstile's own script costs up to
 * ~1 MB, and this glue stays out of widget.js's 10 KB budget. Turnstile renders into a light-DOM child of
 * the element (slotted into the form), where its iframe and styles work as on any page.
 */
import type { RenderParameters, TurnstileObject } from 'turnstile-types';

/**
 * Waits for the current token (at most `TOKEN_WAIT_MS`), then resets the widget for the next submission:
 * tokens are single-use. Resolves undefined when Turnstile could not load or answer.
 */
export type TokenSource = () => Promise<string | undefined>;

/** Cloudflare's script, in explicit mode: we say where and when it renders. */
export const TURNSTILE_API = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
/** How long a submit waits for a token (an interactive challenge needs the visitor). */
export const TOKEN_WAIT_MS = 30_000;

let api: Promise<TurnstileObject> | undefined;

/** Injects Turnstile's script once per page; a failed load may be retried by the next mount. */
function loadApi(): Promise<TurnstileObject> {
  const w = window as unknown as { turnstile?: TurnstileObject };
  api ??= new Promise((resolve, reject) => {
    if (w.turnstile) return resolve(w.turnstile);
    const script = document.createElement('script');
    script.src = TURNSTILE_API;
    script.onload = () => (w.turnstile ? resolve(w.turnstile) : reject(new Error('no turnstile')));
    script.onerror = () => {
      api = undefined;
      reject(new Error('turnstile blocked'));
    };
    document.head.append(script);
  });
  return api;
}

/**
 * Renders a Turnstile widget for `host` (managed or invisible, as the site key is configured) and returns
 * where to get its tokens. An expired token resets the widget, so a token handed out is at most 300 s old.
 */
export async function mount(host: HTMLElement, sitekey: string, language: string): Promise<TokenSource> {
  let give: (token?: string) => void = () => {};
  let token: Promise<string | undefined> = Promise.resolve(undefined);
  const next = () => {
    token = new Promise((resolve) => {
      give = resolve;
    });
  };
  let turnstile: TurnstileObject;
  try {
    turnstile = await loadApi();
  } catch {
    // Blocked (network, extension, CSP): the submission goes without a token and the server holds it
    // in quarantine for review, so the lead is not lost.
    return async () => undefined;
  }
  const box = document.createElement('div');
  box.slot = 'turnstile';
  host.append(box);
  next();
  const params: RenderParameters = {
    sitekey,
    language,
    callback: (t: string) => give(t),
    'expired-callback': () => {
      next();
      turnstile.reset(id);
    },
  };
  const id = turnstile.render(box, params);
  return async () => {
    const t = await Promise.race([token, new Promise<undefined>((r) => setTimeout(r, TOKEN_WAIT_MS))]);
    next();
    turnstile.reset(id);
    return t;
  };
}
