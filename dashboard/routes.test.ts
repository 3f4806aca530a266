import { describe, expect, it } from 'vitest';
import { formPath, importJobPath, leadPath, resolveRoute } from './routes';

describe('resolveRoute', () => {
  it.each([
    ['/app/leads', 'unknown', { page: 'loading' }],
    ['/app/login', 'signed-out', { page: 'login' }],
    ['/app/login', 'signed-in', { redirect: '/app/leads' }],
    ['/app/leads', 'signed-in', { page: 'leads' }],
    ['/app/leads/', 'signed-in', { page: 'leads' }],
    ['/app/leads', 'signed-out', { redirect: '/app/login' }],
    ['/app/', 'signed-in', { redirect: '/app/leads' }],
    ['/app/', 'signed-out', { redirect: '/app/login' }],
    ['/app', 'signed-in', { redirect: '/app/leads' }],
    ['/app/nowhere', 'signed-out', { redirect: '/app/login' }],
    ['/app/forms', 'signed-in', { page: 'forms' }],
    ['/app/pipeline', 'signed-in', { page: 'pipeline' }],
    ['/app/pipeline', 'signed-out', { redirect: '/app/login' }],
    ['/app/forms/', 'signed-in', { page: 'forms' }],
    ['/app/forms', 'signed-out', { redirect: '/app/login' }],
    ['/app/forms/new', 'signed-in', { page: 'form', formId: null }],
    ['/app/forms/frm_demo', 'signed-in', { page: 'form', formId: 'frm_demo' }],
    ['/app/forms/frm_demo', 'signed-out', { redirect: '/app/login' }],
    ['/app/forms/frm_demo/extra', 'signed-in', { redirect: '/app/leads' }],
    ['/app/forms/bad%20id', 'signed-in', { redirect: '/app/leads' }],
    ['/app/leads/import', 'signed-in', { page: 'import', jobId: null }],
    ['/app/leads/import/imp_123', 'signed-in', { page: 'import', jobId: 'imp_123' }],
    ['/app/leads/import/imp_123', 'signed-out', { redirect: '/app/login' }],
    ['/app/leads/import/imp_123/extra', 'signed-in', { redirect: '/app/leads' }],
    ['/app/forgot', 'signed-out', { page: 'forgot' }],
    ['/app/reset', 'signed-out', { page: 'reset' }],
    ['/app/reset/', 'signed-in', { page: 'reset' }],
  ] as const)('%s while %s', (path, status, expected) => {
    expect(resolveRoute(path, status)).toEqual(expected);
  });
});

describe('resolveRoute: first-run setup, invitations, settings and account', () => {
  it.each([
    ['/app/setup', 'signed-out', {}, { page: 'setup' }],
    ['/app/setup', 'unknown', {}, { page: 'setup' }],
    ['/app/signup', 'signed-out', {}, { page: 'signup' }],
    ['/app/signup', 'unknown', {}, { page: 'signup' }],
    ['/app/signup', 'signed-in', { role: 'viewer' }, { page: 'signup' }],
    ['/app/invite', 'signed-in', {}, { page: 'invite' }],
    ['/app/invite', 'signed-out', {}, { page: 'invite' }],
    ['/app/', 'signed-out', { setupNeeded: true }, { redirect: '/app/setup' }],
    ['/app/login', 'signed-out', { setupNeeded: true }, { redirect: '/app/setup' }],
    ['/app/login', 'signed-out', { setupNeeded: 'unknown' }, { page: 'loading' }],
    ['/app', 'signed-out', { setupNeeded: 'unknown' }, { page: 'loading' }],
    ['/app/login', 'signed-out', { setupNeeded: false }, { page: 'login' }],
    ['/app/leads', 'signed-out', { setupNeeded: true }, { redirect: '/app/login' }],
    ['/app/account', 'signed-in', { role: 'viewer' }, { page: 'my-account' }],
    ['/app/account', 'signed-out', {}, { redirect: '/app/login' }],
    ['/app/settings', 'signed-in', { role: 'admin' }, { redirect: '/app/settings/organization' }],
    ['/app/settings/', 'signed-in', { role: 'owner' }, { redirect: '/app/settings/organization' }],
    ['/app/settings', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/members', 'signed-in', { role: 'admin' }, { page: 'settings', section: 'members' }],
    [
      '/app/settings/invitations',
      'signed-in',
      { role: 'owner' },
      { page: 'settings', section: 'invitations' },
    ],
    ['/app/settings/audit', 'signed-in', { role: 'admin' }, { page: 'settings', section: 'audit' }],
    ['/app/settings/audit', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/members', 'signed-in', { role: 'viewer' }, { redirect: '/app/leads' }],
    ['/app/settings/quarantine', 'signed-in', { role: 'admin' }, { page: 'settings', section: 'quarantine' }],
    ['/app/settings/quarantine', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/data', 'signed-in', { role: 'owner' }, { page: 'settings', section: 'data' }],
    ['/app/settings/data', 'signed-in', { role: 'viewer' }, { redirect: '/app/leads' }],
    [
      '/app/settings/outgoing-webhooks',
      'signed-in',
      { role: 'admin' },
      { page: 'settings', section: 'outgoing-webhooks' },
    ],
    ['/app/settings/outgoing-webhooks', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/scoring', 'signed-in', { role: 'admin' }, { page: 'settings', section: 'scoring' }],
    ['/app/settings/scoring', 'signed-in', { role: 'owner' }, { page: 'settings', section: 'scoring' }],
    ['/app/settings/scoring', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/routing', 'signed-in', { role: 'admin' }, { page: 'settings', section: 'routing' }],
    ['/app/settings/routing', 'signed-in', { role: 'owner' }, { page: 'settings', section: 'routing' }],
    ['/app/settings/routing', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/api-keys', 'signed-in', { role: 'admin' }, { page: 'settings', section: 'api-keys' }],
    ['/app/settings/webhooks', 'signed-in', { role: 'owner' }, { page: 'settings', section: 'webhooks' }],
    ['/app/settings/api-keys', 'signed-in', { role: 'member' }, { redirect: '/app/leads' }],
    ['/app/settings/webhooks', 'signed-in', { role: 'viewer' }, { redirect: '/app/leads' }],
    ['/app/settings/members', 'signed-out', {}, { redirect: '/app/login' }],
    ['/app/settings/nowhere', 'signed-in', { role: 'owner' }, { redirect: '/app/leads' }],
  ] as const)('%s while %s with %j', (path, status, context, expected) => {
    expect(resolveRoute(path, status, context)).toEqual(expected);
  });
});

describe('formPath', () => {
  it('is the path resolveRoute reads back', () => {
    expect(resolveRoute(formPath('frm_01HXYZ'), 'signed-in')).toEqual({ page: 'form', formId: 'frm_01HXYZ' });
  });
});

describe('leadPath', () => {
  it('is the path resolveRoute reads back', () => {
    expect(resolveRoute(leadPath('lead_01HXYZ'), 'signed-in')).toEqual({
      page: 'lead',
      leadId: 'lead_01HXYZ',
    });
    expect(resolveRoute('/app/leads/x/y', 'signed-in')).toEqual({ redirect: '/app/leads' });
  });
});

describe('importJobPath', () => {
  it('is the path resolveRoute reads back', () => {
    expect(resolveRoute(importJobPath('imp_01HXYZ'), 'signed-in')).toEqual({
      page: 'import',
      jobId: 'imp_01HXYZ',
    });
  });
});

describe('resolveRoute: each role’s home', () => {
  it.each([
    ['/app/', 'member', { redirect: '/app/tasks' }],
    ['/app', 'member', { redirect: '/app/tasks' }],
    ['/app/login', 'member', { redirect: '/app/tasks' }],
    ['/app/nowhere', 'member', { redirect: '/app/tasks' }],
    ['/app/leads', 'member', { page: 'leads' }],
    ['/app/', 'viewer', { redirect: '/app/leads' }],
    ['/app/', 'admin', { redirect: '/app/leads' }],
    ['/app/login', 'owner', { redirect: '/app/leads' }],
  ] as const)('%s for a signed-in %s', (path, role, expected) => {
    expect(resolveRoute(path, 'signed-in', { role })).toEqual(expected);
  });
});
