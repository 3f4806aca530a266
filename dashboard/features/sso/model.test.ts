import { describe, expect, it } from 'vitest';
import { checkSsoForm, domainsOf, formOf, ssoErrorFromHash, ssoTestFromHash } from './model';

describe('the codes a sign-in comes back with', () => {
  it.each([
    ['#sso-error=domain-not-allowed', 'domain-not-allowed'],
    ['#sso-error=token-invalid', 'token-invalid'],
    ['#sso-error=made-up', null],
    ['', null],
  ])('login page %j → %j', (hash, expected) => {
    expect(ssoErrorFromHash(hash)).toBe(expected);
  });

  it.each([
    ['#sso-test=ok&email=a%40acme.cz&outcome=member', { ok: true, email: 'a@acme.cz', outcome: 'member' }],
    [
      '#sso-test=ok&email=a%40acme.cz&outcome=join&role=admin',
      { ok: true, email: 'a@acme.cz', outcome: 'join', role: 'admin' },
    ],
    ['#sso-test=ok&email=a%40acme.cz&outcome=join&role=owner', null],
    [
      '#sso-test=refused&code=domain-not-allowed&email=x%40evil.cz',
      { ok: false, code: 'domain-not-allowed', email: 'x@evil.cz' },
    ],
    ['#sso-test=refused&code=owner-required', { ok: false, code: 'owner-required', email: null }],
    ['#sso-test=refused&code=nonsense', null],
    ['#sso-error=token-invalid', null],
  ])('settings page %j', (hash, expected) => {
    expect(ssoTestFromHash(hash)).toEqual(expected);
  });
});

describe("the owner's form", () => {
  const form = {
    issuer: ' https://accounts.google.com ',
    clientId: ' client ',
    clientSecret: 's3cret',
    domains: 'acme.cz, Škoda.cz;\nexample.com',
    newPeople: 'member' as const,
  };

  it('splits domains on commas, semicolons and white space', () => {
    expect(domainsOf(' a.cz,b.cz ;c.cz\n\td.cz ,, ')).toEqual(['a.cz', 'b.cz', 'c.cz', 'd.cz']);
  });

  it('sends what passes, trimmed', () => {
    expect(checkSsoForm(form, false)).toEqual({
      ok: true,
      body: {
        issuer: 'https://accounts.google.com',
        clientId: 'client',
        clientSecret: 's3cret',
        allowedDomains: ['acme.cz', 'Škoda.cz', 'example.com'],
        newPeople: 'member',
      },
    });
  });

  it('leaves a saved secret out when none is typed, and needs one when none is saved', () => {
    const noSecret = { ...form, clientSecret: '' };
    expect(checkSsoForm(noSecret, true)).toMatchObject({ ok: true, body: { clientId: 'client' } });
    expect(checkSsoForm(noSecret, true)).not.toHaveProperty('body.clientSecret');
    expect(checkSsoForm(noSecret, false)).toEqual({
      ok: false,
      errors: [{ field: 'clientSecret', code: 'required' }],
    });
  });

  it('names each problem by its field, as the server would refuse it', () => {
    expect(
      checkSsoForm(
        { ...form, issuer: 'http://idp.example.com', clientId: ' ', domains: 'acme.cz, jana@acme.cz' },
        true,
      ),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'issuer', code: 'issuer-invalid' },
        { field: 'clientId', code: 'required' },
        { field: 'domains', code: 'domain-invalid', domain: 'jana@acme.cz' },
      ],
    });
    expect(checkSsoForm({ ...form, issuer: '', domains: ' ' }, true)).toEqual({
      ok: false,
      errors: [
        { field: 'issuer', code: 'required' },
        { field: 'domains', code: 'required' },
      ],
    });
  });

  it('starts from the stored settings, never showing a secret', () => {
    expect(formOf(null)).toEqual({
      issuer: '',
      clientId: '',
      clientSecret: '',
      domains: '',
      newPeople: 'invitation',
    });
    expect(
      formOf({
        issuer: 'https://idp.test',
        clientId: 'c',
        clientSecretSet: true,
        allowedDomains: ['a.cz', 'b.cz'],
        newPeople: 'viewer',
        updatedAt: '2026-01-01T00:00:00Z',
      }),
    ).toEqual({
      issuer: 'https://idp.test',
      clientId: 'c',
      clientSecret: '',
      domains: 'a.cz, b.cz',
      newPeople: 'viewer',
    });
  });
});
