import { Hono } from 'hono';
import { html } from 'hono/html';
import en from '../../widget/locales/en';
import { LABELED_FIELDS, Str } from '../../widget/locales/keys';
import type { PublicForm } from '../contract/public-form';
import type { AppEnv, Deps } from '../deps';
import { findActiveForm, publicFormDefinition } from '../services/ingest/forms';

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a2e; background: #f7f7fb; }
      main { max-width: 34rem; margin: 2rem auto; padding: 0 1rem; }
      label { display: block; margin-top: 0.75rem; font-weight: 600; }
      input, textarea { width: 100%; box-sizing: border-box; padding: 0.5rem; border: 1px solid #555; border-radius: 4px; font: inherit; }
      input[type='checkbox'] { width: auto; margin-right: 0.5rem; }
      .check { display: flex; align-items: flex-start; font-weight: normal; }
      button { margin-top: 1rem; padding: 0.6rem 1.2rem; background: #3730a3; color: #fff; border: 0; border-radius: 4px; font: inherit; }
      :focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
      .ok { background: #dcfce7; border: 1px solid #166534; padding: 0.75rem; border-radius: 4px; }
    </style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;

/** The thank-you page a plain form post lands on when its form sets no redirect URL. */
export const thanksRoutes = new Hono<AppEnv>().get('/v1/forms/:formId/thanks', (c) =>
  c.html(
    page(
      'Thank you',
      html`<h1>Thank you</h1><p role="status">We received your details and will be in touch soon.</p>`,
    ),
  ),
);

/** Longest value per field, as the submission schema accepts it (LeadFieldsSchema). */
const MAX_LENGTH: Record<string, number> = { email: 320, phone: 64, country: 100, description: 5000 };
const INPUT_TYPES: Record<string, string> = { email: 'email', phone: 'tel', employees: 'number' };

/**
 * The form without JavaScript: the same fields, required markers, consent and button text as the widget
 * renders from the definition, in English (the widget's own catalog words the fields it has labels for).
 */
function fallbackForm(def: PublicForm) {
  const fields = def.fields.map(({ name, required, label }) => {
    const i = LABELED_FIELDS.findIndex(([n]) => n === name);
    const text = label.en ?? en[i as Str] ?? name;
    const auto = LABELED_FIELDS[i]?.[1];
    const attrs = html`id="${name}" name="${name}" ${auto ? html`autocomplete="${auto}"` : ''} ${
      required ? 'required' : ''
    } maxlength="${MAX_LENGTH[name] ?? 200}"`;
    return html`<label for="${name}">${text}${required ? ` ${en[Str.required]}` : ''}</label>
      ${
        name === 'description'
          ? html`<textarea ${attrs}></textarea>`
          : html`<input ${attrs} type="${INPUT_TYPES[name] ?? 'text'}" />`
      }`;
  });
  const consent = def.consentText?.en;
  return html`<form method="post" action="${def.action}">
    ${fields}
    ${consent ? html`<label class="check"><input type="checkbox" name="consent" />${consent}</label>` : ''}
    <button type="submit">${def.submitLabel?.en || en[Str.send]}</button>
  </form>`;
}

/**
 * A demo landing page with the widget, and the same form as plain HTML inside it for browsers without
 * JavaScript (the Node face only). After a submission (the demo form redirects to `?submitted=1`) it shows
 * the thank-you alone: no second, empty form under it.
 */
export function demoRoutes(deps: Deps) {
  const formId = deps.config.demoFormId;
  return new Hono<AppEnv>().get('/demo', async (c) => {
    if (!formId) return c.notFound();
    const form = await deps.caches.forms.get(formId, () => findActiveForm(c.get('db'), formId));
    if (!form) return c.notFound();
    const def = publicFormDefinition(form);
    const done = c.req.query('submitted') === '1';
    return c.html(
      page(
        'Acme Analytics — book a demo',
        html`<h1>Book a demo of Acme Analytics</h1>
          ${
            done
              ? html`<p class="ok" role="status">${def.successMessage?.en ?? 'Thank you — we received your request.'}</p>`
              : html`<p>See how teams turn raw events into decisions. Leave your details and a specialist will call you.</p>
                  <lead-form form="${formId}">${fallbackForm(def)}</lead-form>
                  <script src="/widget.js" defer></script>`
          }`,
      ),
    );
  });
}
