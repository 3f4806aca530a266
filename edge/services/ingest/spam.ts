import { quarantinedSubmissions } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';

export type SpamSignals = {
  honeypot?: string;
  elapsedMs?: number;
  turnstileToken?: string;
  ip: string | null;
};

export type SpamVerdict =
  | { ok: true }
  | { ok: false; reason: 'honeypot' | 'too-fast' | 'turnstile-failed' | 'turnstile-unreachable' };

export type TurnstileConfig = { secretKey: string | null; verifyUrl: string };

export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Cloudflare Turnstile's server-side check (siteverify: form-encoded secret + response + remoteip → JSON). */
export async function verifyTurnstile(
  deps: { fetch: typeof fetch; turnstile: TurnstileConfig },
  token: string | undefined,
  ip: string | null,
): Promise<'passed' | 'failed' | 'unreachable'> {
  if (!token || !deps.turnstile.secretKey) return 'failed';
  const body = new URLSearchParams({ secret: deps.turnstile.secretKey, response: token });
  if (ip) body.set('remoteip', ip);
  try {
    const res = await deps.fetch(deps.turnstile.verifyUrl, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return 'unreachable';
    const outcome = (await res.json()) as { success?: unknown };
    return outcome.success === true ? 'passed' : 'failed';
  } catch {
    return 'unreachable';
  }
}

/** Honeypot, then time-to-submit, then (when the form enables it) Turnstile. */
export async function checkSpam(
  deps: { fetch: typeof fetch; turnstile: TurnstileConfig },
  form: { minSubmitSeconds: number; turnstileEnabled: boolean },
  signals: SpamSignals,
): Promise<SpamVerdict> {
  if (signals.honeypot && signals.honeypot.trim() !== '') return { ok: false, reason: 'honeypot' };
  if (signals.elapsedMs !== undefined && signals.elapsedMs < form.minSubmitSeconds * 1000)
    return { ok: false, reason: 'too-fast' };
  if (form.turnstileEnabled) {
    const result = await verifyTurnstile(deps, signals.turnstileToken, signals.ip);
    if (result !== 'passed')
      return { ok: false, reason: result === 'failed' ? 'turnstile-failed' : 'turnstile-unreachable' };
  }
  return { ok: true };
}

/** Holds a suspicious submission for review (encrypted: it holds personal data) and records why. */
export async function quarantineSubmission(
  deps: Pick<Deps, 'now' | 'newId' | 'pii'>,
  db: Db,
  input: { organizationId: string; formId: string | null; channel: string; reason: string; payload: unknown },
): Promise<string> {
  const id = deps.newId('qtn');
  const now = deps.now();
  const payloadCiphertext = await deps.pii.encrypt(
    input.organizationId,
    'submission',
    JSON.stringify(input.payload),
  );
  await db.transaction(async (tx) => {
    await tx.insert(quarantinedSubmissions).values({
      id,
      organizationId: input.organizationId,
      formId: input.formId,
      channel: input.channel,
      reason: input.reason,
      payloadCiphertext,
      createdAt: now,
    });
    await recordEvents(tx, [
      {
        organizationId: input.organizationId,
        entityType: 'quarantine',
        entityId: id,
        type: 'submission.quarantined',
        actor: { type: 'public', id: null },
        at: now,
        data: { reason: input.reason, formId: input.formId, channel: input.channel },
      },
    ]);
  });
  return id;
}
