import { AppError } from '../../core/errors';
import { checkWebhookUrl, isBlockedAddress } from '../../core/outgoing-webhooks';
import type { Deps } from '../../deps';
import { fetchTransport, type WebhookDeps } from './transport';

/** The runtime's webhook deps, or the default: fetch, https to public addresses only. */
export function webhookDeps(deps: Pick<Deps, 'webhooks' | 'fetch'>): WebhookDeps {
  return deps.webhooks ?? { allowLoopback: false, send: fetchTransport(deps.fetch) };
}

const FIELD_CODES = {
  'invalid-url': 'invalid_url',
  credentials: 'invalid_url',
  'not-https': 'not_https',
  'private-address': 'private_address',
  'too-long': 'too_big',
} as const;

/**
 * Refuses (422 on `/url`) a URL that may not receive webhooks: checkWebhookUrl's rules, and on a runtime
 * that resolves names, any resolved address that is private. A name that does not resolve yet passes (the
 * endpoint may be set up later; every delivery checks again).
 */
export async function assertWebhookTarget(webhooks: WebhookDeps, url: string): Promise<void> {
  const verdict = checkWebhookUrl(url, { allowLoopback: webhooks.allowLoopback });
  let reason = verdict.ok ? null : verdict.reason;
  if (verdict.ok && webhooks.resolve && !webhooks.allowLoopback) {
    const addresses = await webhooks.resolve(verdict.host);
    if (addresses.some(isBlockedAddress)) reason = 'private-address';
  }
  if (reason === null) return;
  throw new AppError('validation-failed', {
    errors: [
      {
        pointer: '/url',
        detail: `This URL cannot receive webhooks (${reason}).`,
        code: FIELD_CODES[reason],
        ...(reason === 'too-long' ? { params: { maximum: 1999, origin: 'string' } } : {}),
      },
    ],
  });
}
