import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { createForm } from '../../edge/services/people/organizations';
import { createTestOrg, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

const FORM_ID = 'frm_demo';

let t: TestApi;
let org: TestOrg;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, demoFormId: FORM_ID } });
  org = await createTestOrg(t);
  await createForm(t.deps, t.db, org.organizationId, {
    id: FORM_ID,
    name: 'Book a demo',
    redirectUrl: '/demo?submitted=1',
    consentText: { en: 'I agree that Acme may contact me about this request.' },
  });
});
afterAll(() => t.close());

const demoPage = async (query = '') => (await t.app.request(`/demo${query}`)).text();

/** The start tag of the input named `name` in the page's fallback form. */
const inputTag = (html: string, name: string) =>
  html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];

describe('GET /demo', () => {
  it('renders the no-script fallback from the form definition: required where the widget requires', async () => {
    const html = await demoPage();
    expect(html).toContain('<lead-form form="frm_demo">');
    expect(inputTag(html, 'email')).toMatch(/\srequired[\s>]/);
    expect(inputTag(html, 'lastName')).toMatch(/\srequired[\s>]/);
    expect(inputTag(html, 'firstName')).not.toMatch(/\srequired[\s>]/);
    expect(html).toMatch(/<label for="email">Email \(required\)<\/label>/);
    expect(html).toContain('<button type="submit">Send</button>');
  });

  it('says the form’s own button text, and follows a change of the definition', async () => {
    const { headers } = await signIn(t, org.users.admin.email);
    const res = await t.app.request(`/api/forms/${FORM_ID}`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        submitLabel: { en: 'Request a demo', de: 'Demo anfragen' },
        fields: [
          { name: 'lastName', required: true },
          { name: 'email', required: false },
          { name: 'phone', required: true },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const html = await demoPage();
    expect(html).toContain('<button type="submit">Request a demo</button>');
    expect(inputTag(html, 'email')).not.toMatch(/\srequired[\s>]/);
    expect(inputTag(html, 'phone')).toMatch(/\srequired[\s>]/);
    expect(inputTag(html, 'company')).toBeUndefined();
  });

  it('after a submission shows the thank-you alone, with no second form under it', async () => {
    const html = await demoPage('?submitted=1');
    expect(html).toContain('role="status"');
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<lead-form');
  });
});
