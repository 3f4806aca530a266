/**
 * What the `<lead-form>` elements of one page share: the outbox (with its retry timer), each form's
 * Turnstile token source, and this session's page views. Module state, never globals on the host page.
 */
import { createQueue, type Outbox } from './queue';
import { type SendResult, type Submission, send } from './submit';
import type { TokenSource } from './turnstile';

let outbox: Outbox | undefined;
/** Each form's Turnstile on this page, once armed by a focus: where its tokens come from. */
export const turnstiles: Record<string, Promise<TokenSource>> = {};

/**
 * Every attempt, first or retry, takes a fresh token when this page has Turnstile for the form, so a lead
 * queued for longer than a token lives (300 s) still passes. None (Turnstile blocked, or a retry on a page
 * where it was never loaded): sent without; the server replays a key it already has, else holds it for review.
 */
async function sendWithToken(s: Submission): Promise<SendResult> {
  return send({ ...s, token: await turnstiles[s.form]?.then((get) => get()).catch(() => undefined) });
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Waits out the outbox's backoff before the next round, if anything waits. */
export function schedule(): void {
  clearTimeout(timer);
  const wait = outbox!.delay();
  if (wait !== undefined) timer = setTimeout(drain, wait);
}

/** Sends everything waiting now, then schedules the next round. */
function drain(): void {
  outbox!.flush().then(schedule, schedule);
}

/** The page's one outbox, made on first use: it retries at once (page load), when online, and on a timer. */
export function pageOutbox(): Outbox {
  if (!outbox) {
    let storage: Storage | null = null;
    try {
      storage = localStorage;
    } catch {
      // storage blocked (sandboxed frame, privacy settings): the queue lives in memory
    }
    outbox = createQueue({ storage, now: Date.now, random: Math.random, send: sendWithToken });
    addEventListener('online', drain);
    drain();
  }
  return outbox;
}

let seen: string[] | undefined;

/**
 * The paths viewed on this site in this browser session, this page counted once, the last 20
 * (sessionStorage `leadgate:pages`: first-party, gone with the tab). Kept only on pages whose form enables
 * behavioural signals, and sent only with consent.
 */
export function pagesViewed(): string[] {
  if (!seen)
    try {
      seen = [...(JSON.parse(sessionStorage.getItem('leadgate:pages')!) ?? []), location.pathname].slice(-20);
      sessionStorage.setItem('leadgate:pages', JSON.stringify(seen));
    } catch {
      seen = [location.pathname]; // storage blocked: this page alone
    }
  return seen;
}
