import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv, Deps } from '../deps';

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
      input { width: 100%; box-sizing: border-box; padding: 0.5rem; border: 1px solid #555; border-radius: 4px; font: inherit; }
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

/** A demo landing page with a plain HTML form posting to the demo form (the Node face only). */
export function demoRoutes(deps: Deps) {
  const formId = deps.config.demoFormId;
  return new Hono<AppEnv>().get('/demo', (c) => {
    if (!formId) return c.notFound();
    const done = c.req.query('submitted') === '1';
    return c.html(
      page(
        'Acme Analytics — book a demo',
        html`<h1>Book a demo of Acme Analytics</h1>
          <p>See how teams turn raw events into decisions. Leave your details and a specialist will call you.</p>
          ${done ? html`<p class="ok" role="status">Thank you — we received your request.</p>` : ''}
          <lead-form form="${formId}">
          <form method="post" action="/v1/forms/${formId}/submissions">
            <label for="firstName">First name</label>
            <input id="firstName" name="firstName" autocomplete="given-name" maxlength="200" />
            <label for="lastName">Last name (required)</label>
            <input id="lastName" name="lastName" autocomplete="family-name" required maxlength="200" />
            <label for="email">Work email</label>
            <input id="email" name="email" type="email" autocomplete="email" maxlength="320" />
            <label for="phone">Phone</label>
            <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="64" />
            <label for="company">Company</label>
            <input id="company" name="company" autocomplete="organization" maxlength="200" />
            <label for="title">Job title</label>
            <input id="title" name="title" autocomplete="organization-title" maxlength="200" />
            <label class="check"><input type="checkbox" name="consent" />I agree that Acme may contact me about this request.</label>
            <button type="submit">Request a demo</button>
          </form>
          </lead-form>
          <script src="/widget.js" defer></script>`,
      ),
    );
  });
}
