import type { PutSsoConfig, SsoConfig, SsoSettings } from '@contract/sso';
import type { ApiResult, Call, TypedClient } from './call';

/** The calls of single sign-on: the owner's settings, and where the browser goes to sign in. */
export type SsoApi = {
  get(): Promise<ApiResult<SsoSettings>>;
  save(config: PutSsoConfig): Promise<ApiResult<SsoConfig>>;
  remove(): Promise<ApiResult<null>>;
  /** Where a sign-in starts (a full-page navigation to the provider): by organization, work email or domain. */
  startUrl(org: string): string;
  /** The owner's test sign-in: it comes back to the SSO settings with a report, signing nobody in. */
  testUrl(): string;
};

export function ssoCalls(client: TypedClient, call: Call, baseUrl: string): SsoApi {
  const sso = client.api.sso;
  return {
    get: () => call(() => sso.$get()),
    save: (json) => call(() => sso.$put({ json })),
    remove: () => call(() => sso.$delete(), { read: 'none' }),
    startUrl: (org) => `${baseUrl}/api/sso/start?${new URLSearchParams({ org })}`,
    testUrl: () => `${baseUrl}/api/sso/start?test=1`,
  };
}
