import { describe, expect, it } from 'vitest';
import { browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const PAGES = [
  '/app/leads',
  '/app/tasks',
  '/app/pipeline',
  '/app/forms',
  '/app/forms/new',
  '/app/duplicates',
  '/app/reports',
  '/app/outbox',
  '/app/accounts',
  '/app/leads/import',
  '/app/settings/organization',
  '/app/settings/members',
  '/app/settings/teams',
  '/app/account',
  '/app/settings/scoring',
  '/app/settings/routing',
  '/app/settings/outgoing-webhooks',
  '/app/settings/quarantine',
  '/app/settings/data',
  '/app/settings/audit',
  '/app/settings/api-keys',
  '/app/settings/webhooks',
];

/** The dashboard under its Content Security Policy in Chromium: nothing it does is refused, and no page can frame it. */
describe.skipIf(!browserAvailable())('the dashboard’s security headers in Chromium', () => {
  const suite = dashboardSuite();

  it('serves every page with its CSP, and no page or lead view breaks a rule of it', async () => {
    const page = await suite.as('owner@leadgate.test');
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const lead = await page.locator('tbody tr .lead__name').first().getAttribute('href');
    const violations: string[] = [];
    for (const path of [...PAGES, lead!]) {
      const response = await page.goto(`${suite.baseUrl}${path}`);
      expect(response!.headers()['content-security-policy'], path).toContain("script-src 'self'");
      expect(response!.headers()['x-frame-options'], path).toBe('DENY');
      await page.waitForLoadState('networkidle');
      await page.locator('main h1').first().waitFor();
      const seen = await page.evaluate(
        () => (window as unknown as { cspViolations: string[] }).cspViolations,
      );
      violations.push(...seen.map((v) => `${path}: ${v}`));
    }
    expect(violations).toEqual([]);
  });

  it('cannot be framed by another page (clickjacking)', async () => {
    const page = await suite.as('owner@leadgate.test');
    // Another origin of the same site: "localhost" against the server's 127.0.0.1, as the probe did.
    const other = suite.baseUrl.replace('127.0.0.1', 'localhost');
    await page.goto(`${other}/demo`);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      frame.id = 'victim';
      document.body.append(frame);
    }, `${suite.baseUrl}/app/leads`);
    await page.waitForTimeout(1_500);
    const framed = page.frames().find((f) => f.url().startsWith(`${suite.baseUrl}/app`));
    // Chromium replaces a refused frame's document with its error page: no dashboard runs inside.
    const dashboardInside = framed
      ? await framed
          .locator('main h1')
          .count()
          .catch(() => 0)
      : 0;
    expect(dashboardInside).toBe(0);
  });
});
