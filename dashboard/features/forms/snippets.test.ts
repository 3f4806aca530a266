import type { Form } from '@contract/forms-admin';
import { HONEYPOT_FIELD } from '@contract/submissions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, loadCatalogs } from '../../i18n';
import { HONEYPOT_NAME, htmlSnippet, scriptSnippet, sriSnippet } from './snippets';

// The form pages load every catalog before they render (app.tsx); so do these tests.
beforeAll(() => loadCatalogs(LOCALES));

const ORIGIN = 'https://leadgate.example';

const form = (change: Partial<Form> = {}): Form => ({
  id: 'frm_1',
  status: 'active',
  name: 'Demo',
  fields: [
    { name: 'firstName', required: false },
    { name: 'lastName', required: true, label: { en: 'Surname', de: 'Familienname' } },
    { name: 'email', required: true },
    { name: 'employees', required: false },
    { name: 'description', required: false },
  ],
  consentText: { en: 'Call me <maybe> & "soon"', de: 'Ruft mich an' },
  successMessage: null,
  submitLabel: null,
  redirectUrl: null,
  allowedOrigins: [],
  defaultSource: 'Website Form',
  defaultCampaign: null,
  turnstileEnabled: false,
  turnstileSiteKey: null,
  signalsEnabled: false,
  minSubmitSeconds: 2,
  rateLimitPerIp: 10,
  rateLimitPerForm: 600,
  defaultLocale: 'en',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...change,
});

describe('widget snippets', () => {
  it('loads the widget from its stable URL', () => {
    expect(scriptSnippet(ORIGIN, 'frm_1')).toBe(
      '<script src="https://leadgate.example/widget.js" async></script>\n<lead-form form="frm_1"></lead-form>',
    );
  });

  it('pins the hashed build with its integrity hash and CORS', () => {
    expect(sriSnippet(ORIGIN, 'frm_1', { file: 'widget.0ab6b1ff53b3.js', sri: 'sha384-abc+/=' })).toBe(
      '<script src="https://leadgate.example/widget.0ab6b1ff53b3.js" integrity="sha384-abc+/=" crossorigin="anonymous" async></script>\n<lead-form form="frm_1"></lead-form>',
    );
  });
});

describe('htmlSnippet', () => {
  it('labels every input in the form’s default language, marks required ones, escapes texts', () => {
    expect(
      htmlSnippet(ORIGIN, form()),
    ).toBe(`<form method="post" action="https://leadgate.example/v1/forms/frm_1/submissions">
  <p>
    <label for="lg-firstName">First name</label>
    <input id="lg-firstName" name="firstName" autocomplete="given-name">
  </p>
  <p>
    <label for="lg-lastName">Surname (required)</label>
    <input id="lg-lastName" name="lastName" autocomplete="family-name" required>
  </p>
  <p>
    <label for="lg-email">Email (required)</label>
    <input id="lg-email" name="email" type="email" autocomplete="email" required>
  </p>
  <p>
    <label for="lg-employees">Number of employees</label>
    <input id="lg-employees" name="employees" type="number" min="0" inputmode="numeric">
  </p>
  <p>
    <label for="lg-description">Message</label>
    <textarea id="lg-description" name="description"></textarea>
  </p>
  <p>
    <label><input type="checkbox" name="consent"> Call me &lt;maybe&gt; &amp; &quot;soon&quot;</label>
  </p>
  <div style="position:absolute;left:-10000px" aria-hidden="true"><input name="lg_hp" tabindex="-1" autocomplete="off"></div>
  <button type="submit">Send</button>
</form>`);
  });

  it('speaks the form’s default language, whatever the dashboard’s', () => {
    const html = htmlSnippet(ORIGIN, form({ defaultLocale: 'de', consentText: null }));
    expect(html).toContain('<label for="lg-lastName">Familienname (Pflichtfeld)</label>');
    expect(html).toContain('<label for="lg-firstName">Vorname</label>');
    expect(html).toContain('<button type="submit">Senden</button>');
    expect(html).not.toContain('consent');
  });

  it('says the form’s own button text, in the form’s default language', () => {
    const submitLabel = { en: 'Request a demo', de: 'Demo anfragen' };
    expect(htmlSnippet(ORIGIN, form({ defaultLocale: 'de', submitLabel }))).toContain(
      '<button type="submit">Demo anfragen</button>',
    );
    expect(htmlSnippet(ORIGIN, form({ defaultLocale: 'cs', submitLabel }))).toContain(
      '<button type="submit">Request a demo</button>',
    );
  });

  it('names the honeypot as the server expects it', () => {
    expect(HONEYPOT_NAME).toBe(HONEYPOT_FIELD);
  });
});
