import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, postJson, setupApi, type TestApi } from '../support/api';
import { startFakeTurnstile } from '../support/fake-turnstile';

let t: TestApi;
let turnstile: Awaited<ReturnType<typeof startFakeTurnstile>>;
beforeAll(async () => {
  turnstile = await startFakeTurnstile(['good-token']);
  t = await setupApi({ turnstile: { secretKey: 'test-turnstile-secret', verifyUrl: turnstile.url } });
});
afterAll(async () => {
  await t.close();
  await turnstile.close();
});

async function stored(orgId: string) {
  const [row] = await t.sql<{ leads: string; held: string }>(
    `select (select count(*) from leads where organization_id = $1) as leads,
            (select count(*) from quarantined_submissions where organization_id = $1) as held`,
    [orgId],
  );
  return { leads: Number(row!.leads), held: Number(row!.held) };
}

describe('spam protection', () => {
  it.each([
    ['honeypot filled', { lg_hp: 'http://spam.example' }, 'honeypot'],
    ['too fast (500 ms after render)', { lg_elapsed: 500 }, 'too-fast'],
  ])('%s → answered as an accepted one, held in quarantine, no lead', async (_name, extra, reason) => {
    const org = await createTestOrg(t);
    const human = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Human',
      email: 'human@example.com',
      lg_elapsed: 8000,
    });
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Bot',
      email: 'bot@example.com',
      ...extra,
    });
    // Nothing tells the bot it was caught: the same status, headers and shape of body as the human's.
    expect(res.status).toBe(human.status);
    expect(res.headers.get('content-type')).toBe(human.headers.get('content-type'));
    const [botBody, humanBody] = [
      (await res.json()) as Record<string, string>,
      (await human.json()) as Record<string, string>,
    ];
    expect(Object.keys(botBody).sort()).toEqual(Object.keys(humanBody).sort());
    expect(botBody.status).toBe(humanBody.status);
    expect(botBody.id).toMatch(/^sub_/);
    expect(await stored(org.organizationId)).toEqual({ leads: 1, held: 1 });
    const [held] = await t.sql<{ reason: string; payload_ciphertext: string }>(
      'select reason, payload_ciphertext from quarantined_submissions where organization_id = $1',
      [org.organizationId],
    );
    expect(held!.reason).toBe(reason);
    expect(held!.payload_ciphertext).not.toContain('bot@example.com');
    const payload = JSON.parse(
      await t.deps.pii.decrypt(org.organizationId, 'submission', held!.payload_ciphertext),
    );
    expect(payload).toMatchObject({ lastName: 'Bot', email: 'bot@example.com' });
  });

  it('redirects a plain HTML post that fills the honeypot exactly as an accepted one (303), holding it', async () => {
    const org = await createTestOrg(t);
    const post = (body: string) =>
      t.app.request(`/v1/forms/${org.formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const human = await post('last_name=Human&email=human%40example.com');
    const bot = await post('last_name=Bot&email=bot%40example.com&lg_hp=http%3A%2F%2Fspam.example');
    expect([bot.status, bot.headers.get('location')]).toEqual([human.status, human.headers.get('location')]);
    expect(human.status).toBe(303);
    expect(await stored(org.organizationId)).toEqual({ leads: 1, held: 1 });
  });

  it('lets a human through who took their time', async () => {
    const org = await createTestOrg(t);
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Human',
      lg_hp: '',
      lg_elapsed: 8000,
    });
    expect(res.status).toBe(201);
    expect(await stored(org.organizationId)).toEqual({ leads: 1, held: 0 });
  });

  describe('Turnstile', () => {
    async function turnstileForm() {
      const org = await createTestOrg(t);
      await t.sql(
        `update forms set turnstile_enabled = true, turnstile_site_key = '1x00000000000000000000AA' where id = $1`,
        [org.formId],
      );
      return org;
    }

    it('verifies the token server-side with siteverify and accepts a passing one', async () => {
      const org = await turnstileForm();
      const res = await postJson(
        t,
        `/v1/forms/${org.formId}/submissions`,
        { lastName: 'Verified', 'cf-turnstile-response': 'good-token' },
        { 'x-test-client-ip': '198.51.100.9' },
      );
      expect(res.status).toBe(201);
      expect(turnstile.calls.at(-1)).toEqual({
        secret: 'test-turnstile-secret',
        response: 'good-token',
        remoteip: '198.51.100.9',
      });
      const def = (await (await t.app.request(`/v1/forms/${org.formId}`)).json()) as {
        turnstileSiteKey: string;
      };
      expect(def.turnstileSiteKey).toBe('1x00000000000000000000AA');
    });

    it.each([
      ['a failing token', { 'cf-turnstile-response': 'bad-token' }],
      ['no token', {}],
    ])('%s → 403 turnstile-failed, held in quarantine', async (_name, extra) => {
      const org = await turnstileForm();
      const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Maybe', ...extra });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('turnstile-failed');
      expect(await stored(org.organizationId)).toEqual({ leads: 0, held: 1 });
    });

    describe('when siteverify cannot be reached', () => {
      let down: TestApi;
      beforeAll(async () => {
        // Port 9 (discard) refuses the connection: the check can neither pass nor fail.
        down = await setupApi({
          turnstile: { secretKey: 'test-turnstile-secret', verifyUrl: 'http://127.0.0.1:9/siteverify' },
        });
      });
      afterAll(async () => {
        await down.close();
      });

      it('answers 503 with Retry-After: 10, and holds the submission', async () => {
        const org = await createTestOrg(down);
        await down.sql(
          `update forms set turnstile_enabled = true, turnstile_site_key = '1x00000000000000000000AA' where id = $1`,
          [org.formId],
        );
        const res = await postJson(down, `/v1/forms/${org.formId}/submissions`, {
          lastName: 'Patient',
          'cf-turnstile-response': 'good-token',
        });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('10');
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(((await res.json()) as { code: string }).code).toBe('service-unavailable');
        const [row] = await down.sql<{ held: string }>(
          'select count(*) as held from quarantined_submissions where organization_id = $1',
          [org.organizationId],
        );
        expect(row!.held).toBe('1');
      });
    });
  });
});
