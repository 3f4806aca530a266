import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../edge/app';
import { DASHBOARD_CSP, securityHeaders } from '../../edge/http/security-headers';
import { createTestOrg, setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, orgWithSessions } from '../support/workspace';

let t: TestApi;
let org: TestOrg;
beforeAll(async () => {
  t = await setupApi();
  org = await createTestOrg(t);
});
afterAll(() => t.close());

describe('security headers', () => {
  it('every API answer — success, problem, not found — is unframable, unsniffable and not stored', async () => {
    const { sessions } = await orgWithSessions(t);
    const answers = [
      await call(t, sessions.admin, 'GET', '/api/leads'),
      await call(t, null, 'GET', '/api/leads'),
      await call(t, sessions.admin, 'GET', '/api/no-such-route'),
      await call(t, sessions.admin, 'POST', '/api/leads', { lastName: '' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 422]);
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      // Served over plain http on loopback: no HSTS (it would pin a developer's browser).
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('keeps a route’s own caching, and leaves the public form endpoints framable and cacheable', async () => {
    const definition = await t.app.request(`/v1/forms/${org.formId}`);
    expect(definition.status).toBe(200);
    expect(definition.headers.get('x-content-type-options')).toBe('nosniff');
    expect(definition.headers.get('x-frame-options')).toBeNull();
    expect(definition.headers.get('cache-control')).not.toBe('no-store');
  });

  it('sends HSTS when the product is served over https (APP_URL or the request), never on loopback', async () => {
    const secure = createApp({
      ...t.deps,
      config: { ...t.deps.config, appUrl: 'https://leads.acme.example' },
    });
    const res = await secure.request('/api/session');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const has = () => false;
    expect(
      securityHeaders('api', new URL('https://leads.acme.example/api/x'), undefined, has),
    ).toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders('api', new URL('https://localhost/api/x'), undefined, has)).not.toHaveProperty(
      'Strict-Transport-Security',
    );
  });

  it('gives the dashboard a CSP without inline script or style, and no framing', () => {
    const headers = securityHeaders('dashboard', new URL('http://localhost/app/'), undefined, () => false);
    expect(headers['Content-Security-Policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers['X-Frame-Options']).toBe('DENY');
  });
});
