import { describe, expect, it } from 'vitest';
import { accountPath, opportunityPath, resolveRoute } from '../../routes';

describe('CRM routes', () => {
  it.each([
    ['/app/accounts', { page: 'accounts' }],
    ['/app/contacts/', { page: 'contacts' }],
    ['/app/opportunities', { page: 'opportunities' }],
    ['/app/accounts/acct_1', { page: 'account', recordId: 'acct_1' }],
    ['/app/contacts/ctc_1', { page: 'contact', recordId: 'ctc_1' }],
    ['/app/opportunities/opp_1', { page: 'opportunity', recordId: 'opp_1' }],
    ['/app/opportunities/a/b', { redirect: '/app/leads' }],
  ])('%s', (path, decision) => expect(resolveRoute(path, 'signed-in')).toEqual(decision));

  it('sends signed-out visitors to the login page', () => {
    expect(resolveRoute('/app/opportunities/opp_1', 'signed-out')).toEqual({ redirect: '/app/login' });
  });

  it('builds record paths', () => {
    expect(accountPath('acct 1')).toBe('/app/accounts/acct%201');
    expect(opportunityPath('opp_1')).toBe('/app/opportunities/opp_1');
  });
});
