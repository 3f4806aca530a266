import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, postJson, setupApi, type TestApi } from '../support/api';
import { startFakeTurnstile } from '../support/fake-turnstile';

let t: TestApi;
let turnstile: Awaited<ReturnType<typeof startFakeTurnstile>>;
beforeAll(async () => {
  // Single-use, as Cloudflare's: a token that passed once fails the next time.
  turnstile = await startFakeTurnstile(['first', 'second', 'third'], { singleUse: true });
  t = await setupApi({ turnstile: { secretKey: 'test-turnstile-secret', verifyUrl: turnstile.url } });
});
afterAll(async () => {
  await t.close();
  await turnstile.close();
});

async function turnstileForm() {
  const org = await createTestOrg(t);
  await t.sql(
    `update forms set turnstile_enabled = true, turnstile_site_key = '1x00000000000000000000AA' where id = $1`,
    [org.formId],
  );
  return org;
}

async function counts(orgId: string) {
  const [row] = await t.sql<{ leads: string; held: string }>(
    `select (select count(*) from leads where organization_id = $1) as leads,
            (select count(*) from quarantined_submissions where organization_id = $1) as held`,
    [orgId],
  );
  return { leads: Number(row!.leads), held: Number(row!.held) };
}

describe('Turnstile token in the CF-Turnstile-Response header (the widget)', () => {
  it('verifies the header token; a retry with the same key replays without a fresh token', async () => {
    const org = await turnstileForm();
    const body = { lastName: 'Header', email: 'header@example.com' };
    const path = `/v1/forms/${org.formId}/submissions`;
    const first = await postJson(t, path, body, {
      'idempotency-key': 'k-1',
      'cf-turnstile-response': 'first',
    });
    expect(first.status).toBe(201);
    expect(turnstile.calls.at(-1)?.response).toBe('first');
    const calls = turnstile.calls.length;
    // The answer was lost: the retry carries the same body and key, and a spent token (or none).
    for (const token of ['first', undefined]) {
      const retry = await postJson(t, path, body, {
        'idempotency-key': 'k-1',
        ...(token ? { 'cf-turnstile-response': token } : {}),
      });
      expect(retry.status).toBe(201);
      expect(await retry.json()).toEqual(await first.clone().json());
    }
    expect(turnstile.calls.length).toBe(calls);
    expect(await counts(org.organizationId)).toEqual({ leads: 1, held: 0 });
  });

  it('a key reused with another body is refused before any token check', async () => {
    const org = await turnstileForm();
    const path = `/v1/forms/${org.formId}/submissions`;
    const headers = { 'idempotency-key': 'k-2', 'cf-turnstile-response': 'second' };
    expect((await postJson(t, path, { lastName: 'One' }, headers)).status).toBe(201);
    const reused = await postJson(t, path, { lastName: 'Two' }, headers);
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('idempotency-key-reused');
    expect(await counts(org.organizationId)).toEqual({ leads: 1, held: 0 });
  });

  it('a new key with a spent token is held in quarantine (never dropped), 403', async () => {
    const org = await turnstileForm();
    const path = `/v1/forms/${org.formId}/submissions`;
    const ok = await postJson(
      t,
      path,
      { lastName: 'A' },
      { 'idempotency-key': 'k-3', 'cf-turnstile-response': 'third' },
    );
    expect(ok.status).toBe(201);
    const spent = await postJson(
      t,
      path,
      { lastName: 'B' },
      { 'idempotency-key': 'k-4', 'cf-turnstile-response': 'third' },
    );
    expect(spent.status).toBe(403);
    expect(await counts(org.organizationId)).toEqual({ leads: 1, held: 1 });
  });

  it('lets a cross-origin widget send the header (preflight)', async () => {
    const org = await createTestOrg(t);
    await t.sql(`update forms set allowed_origins = '{https://landing.example.com}' where id = $1`, [
      org.formId,
    ]);
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://landing.example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/CF-Turnstile-Response/i);
  });
});
