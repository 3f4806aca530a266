import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startWorker, type WorkerHarness } from './support';

/**
 * Sign-up in workerd through the Neon driver, with ALLOW_SIGNUP as a var: the proof read from the outbox
 * (system mail, no organization), the new organization completed, and its owner signed in.
 */
let worker: WorkerHarness;

beforeAll(async () => {
  worker = await startWorker({ bindings: () => ({ ALLOW_SIGNUP: '1' }) });
});

afterAll(async () => {
  await worker?.close();
});

const post: WorkerHarness['post'] = (...args) => worker.post(...args);

describe('sign-up in workerd', () => {
  it('ALLOW_SIGNUP=1 → proof email → complete → the owner is signed in to an empty organization', async () => {
    expect(await (await worker.fetch('/api/signup')).json()).toEqual({ allowed: true });
    const asked = await post('/api/signup', { email: 'Nova@Edge.example', locale: 'uk' });
    expect(asked.status).toBe(202);
    const [mail] = (
      await worker.raw.query(
        `select organization_id, payload->>'link' as link from outbox where payload->>'to' = 'nova@edge.example'`,
      )
    ).rows as Array<{ organization_id: string | null; link: string }>;
    expect(mail!.organization_id).toBeNull();
    const token = mail!.link.split('#')[1]!;
    const owner = await signedIn(
      await post('/api/signup/complete', {
        token,
        organization: { name: 'Нова 🚀', defaultCountry: 'UA', timezone: 'Europe/Kyiv' },
        owner: { name: 'Олена Коваль', password: 'owner password on workers' },
      }),
    );
    const me = (await (await worker.fetch('/api/session', { headers: owner })).json()) as {
      role: string;
      user: { email: string; locale: string };
      organization: { name: string };
    };
    expect(me).toMatchObject({
      role: 'owner',
      user: { email: 'nova@edge.example', locale: 'uk' },
      organization: { name: 'Нова 🚀' },
    });
    const leads = (await (await worker.fetch('/api/leads', { headers: owner })).json()) as {
      items: unknown[];
    };
    expect(leads.items).toEqual([]);
    const reused = await post('/api/signup/complete', {
      token,
      organization: { name: 'Again', defaultCountry: 'UA', timezone: 'Europe/Kyiv' },
      owner: { name: 'Again', password: 'owner password on workers' },
    });
    expect([reused.status, ((await reused.json()) as { code: string }).code]).toEqual([
      410,
      'signup-link-used',
    ]);
  });
});
