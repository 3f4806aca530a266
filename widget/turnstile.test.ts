import type { RenderParameters } from 'turnstile-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Fake = {
  rendered: Array<{ box: { slot?: string }; params: RenderParameters }>;
  resets: string[];
  scripts: Array<{ src?: string; onload?: () => void; onerror?: () => void }>;
};

/**
 * The smallest browser the glue needs: `document.createElement/head.append` and, once the injected script
 * "loads", Cloudflare's documented `window.turnstile.render/reset`. No DOM library: plain objects.
 */
function fakeBrowser(load: 'ok' | 'blocked'): Fake {
  const fake: Fake = { rendered: [], resets: [], scripts: [] };
  const w = globalThis as unknown as Record<string, unknown>;
  const turnstile = {
    render: (box: { slot?: string }, params: RenderParameters) => {
      fake.rendered.push({ box, params });
      return `cf-${fake.rendered.length}`;
    },
    reset: (id: string) => fake.resets.push(id),
  };
  w.window = globalThis;
  w.document = {
    createElement: () => ({}),
    head: {
      append(script: Fake['scripts'][number]) {
        fake.scripts.push(script);
        queueMicrotask(() => {
          if (load === 'ok') {
            w.turnstile = turnstile;
            script.onload?.();
          } else script.onerror?.();
        });
      },
    },
  };
  return fake;
}

const host = () => ({
  children: [] as unknown[],
  append(c: unknown) {
    this.children.push(c);
  },
});

describe('Turnstile glue (widget-turnstile.js)', () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => {
    for (const k of ['window', 'document', 'turnstile']) delete (globalThis as Record<string, unknown>)[k];
    vi.useRealTimers();
  });

  it('injects Cloudflare’s script in explicit mode once, renders into a slotted light-DOM box', async () => {
    const fake = fakeBrowser('ok');
    const { mount, TURNSTILE_API } = await import('./turnstile');
    const h = host();
    await mount(h as unknown as HTMLElement, 'site-key', 'de');
    await mount(host() as unknown as HTMLElement, 'site-key', 'de');
    expect(fake.scripts.map((s) => s.src)).toEqual([TURNSTILE_API]);
    expect(TURNSTILE_API).toBe('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit');
    expect(fake.rendered[0]!.params).toMatchObject({ sitekey: 'site-key', language: 'de' });
    expect(h.children).toEqual([fake.rendered[0]!.box]);
    expect(fake.rendered[0]!.box.slot).toBe('turnstile');
  });

  it('hands out each token once and resets for the next; an expired token is replaced', async () => {
    const fake = fakeBrowser('ok');
    const { mount } = await import('./turnstile');
    const next = await mount(host() as unknown as HTMLElement, 'k', 'en');
    const { params } = fake.rendered[0]!;
    // Turnstile passes more arguments than the glue reads.
    const give = params.callback as (token: string) => void;
    const expire = params['expired-callback'] as () => void;
    give('t1');
    expect(await next()).toBe('t1');
    expect(fake.resets).toEqual(['cf-1']);
    // The new token arrives, then expires before it is used: the widget is reset, the stale one dropped.
    give('t2');
    expire();
    expect(fake.resets).toEqual(['cf-1', 'cf-1']);
    const pending = next();
    give('t3');
    expect(await pending).toBe('t3');
  });

  it('gives up waiting for a token after TOKEN_WAIT_MS: the submission goes without one', async () => {
    fakeBrowser('ok');
    const { mount, TOKEN_WAIT_MS } = await import('./turnstile');
    const next = await mount(host() as unknown as HTMLElement, 'k', 'en');
    vi.useFakeTimers();
    const pending = next();
    vi.advanceTimersByTime(TOKEN_WAIT_MS);
    expect(await pending).toBeUndefined();
  });

  it('blocked script: no token, nothing rendered; the next mount tries loading again', async () => {
    const fake = fakeBrowser('blocked');
    const { mount } = await import('./turnstile');
    const next = await mount(host() as unknown as HTMLElement, 'k', 'en');
    expect(await next()).toBeUndefined();
    expect(fake.rendered).toEqual([]);
    await mount(host() as unknown as HTMLElement, 'k', 'en');
    expect(fake.scripts).toHaveLength(2);
  });
});
