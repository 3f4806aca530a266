import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../core/errors';
import { normalizeEmbedOrigin } from '../core/form-settings';
import type { AppEnv, Deps } from '../deps';
import { findActiveForm, originAllowed } from '../services/ingest/forms';

const EXPOSED = 'RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, ETag';

/** What CORS reads of a form: what `originAllowed` needs, and its id and name for the refusal's message. */
type CorsForm = Parameters<typeof originAllowed>[0] & { id: string; name: string };

type FormCorsOptions = {
  /**
   * Lets the refused page read the refusal (the public definition only): a GET without credentials that
   * changes nothing and answers nothing but the refusal itself, so the widget can say what to allow.
   * Submissions and preflights stay unreadable: the browser never sends a refused origin's JSON post.
   */
  readableRefusal?: boolean;
  /** Called with the Origin of a refused request (to remember it for the form editor). */
  onRefused?: (origin: string) => void;
  /** Where the form's editor is, for the refusal's message (the dashboard's origin). */
  appOrigin?: string;
};

/** What to do about a refused origin, for the developer who pasted the snippet (the widget logs it). */
export function refusalDetail(form: CorsForm, origin: string, editorUrl: string): string {
  const where = `the Leadgate dashboard: Forms → “${form.name}” → Where the form may be embedded (${editorUrl})`;
  if (origin === 'null')
    return `This page has no origin to allow (Origin: null: a file opened from disk or a sandboxed frame). Serve it over https (http://localhost while testing), then allow that origin in ${where}.`;
  if (normalizeEmbedOrigin(origin) !== origin)
    return `The form “${form.name}” (${form.id}) can be embedded only on https pages (or http://localhost and http://127.0.0.1 while testing), not on ${origin}. Serve the page over https, then allow its origin in ${where}.`;
  return `This page’s origin ${origin} may not embed the form “${form.name}” (${form.id}). An admin can allow it in ${where}, where it is listed as a refused origin to allow in one click (or for every form under Settings → Data).`;
}

/**
 * Lets whatever page asked read this refusal of a public definition (a refused origin, an unknown form), so
 * the widget can say what is wrong; never kept by a cache, so the next load after a fix gets the form.
 */
export function exposeRefusal(c: Context): void {
  const origin = c.req.header('origin');
  if (!origin) return;
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', EXPOSED);
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Origin');
}

/**
 * CORS for a public form: only the form's allowed origins, those its organization allows for every form
 * (and our own) get `Access-Control-Allow-Origin`;
 * any other Origin is refused with a problem before anything is stored.
 */
export function applyFormCors(c: Context, form: CorsForm, options: FormCorsOptions = {}): void {
  const origin = c.req.header('origin') ?? null;
  const ownOrigin = new URL(c.req.url).origin;
  c.header('Vary', 'Origin');
  if (!originAllowed(form, origin, ownOrigin)) {
    const refused = origin!;
    options.onRefused?.(refused);
    const editorUrl = `${options.appOrigin ?? ownOrigin}/app/forms/${encodeURIComponent(form.id)}`;
    if (options.readableRefusal) exposeRefusal(c);
    throw new AppError('origin-not-allowed', {
      detail: refusalDetail(form, refused, editorUrl),
      extensions: { origin: refused, formId: form.id, editorUrl },
    });
  }
  if (origin) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSED);
  }
}

/**
 * Adds the CORS headers for an allowed origin to every response of a form's endpoints, errors included
 * (a widget must be able to read a 422 or 413). It never refuses: the routes do, with a problem.
 */
export function formCorsHeaders(deps: Pick<Deps, 'caches'>): MiddlewareHandler<AppEnv> {
  return async function formCorsHeadersMiddleware(c, next) {
    const origin = c.req.header('origin');
    const formId = c.req.param('formId');
    if (origin && formId) {
      const form = await deps.caches.forms
        .get(formId, () => findActiveForm(c.get('db'), formId))
        .catch(() => null);
      if (form && originAllowed(form, origin, new URL(c.req.url).origin)) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Expose-Headers', EXPOSED);
      }
      c.header('Vary', 'Origin');
    }
    await next();
  };
}

/** Answers a CORS preflight for an allowed origin. */
export function preflight(c: Context, form: CorsForm, options: FormCorsOptions = {}): Response {
  applyFormCors(c, form, options);
  c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key, CF-Turnstile-Response');
  c.header('Access-Control-Max-Age', '600');
  return c.body(null, 204);
}
