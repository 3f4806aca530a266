import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser';
import { type ProductServerOptions, startProductServer } from './server';
import { sharedProductServer } from './shared-server';
import { signedInPage } from './workspace';

type Server = Awaited<ReturnType<typeof startProductServer>>;
type Chromium = Awaited<ReturnType<typeof launchBrowser>>;

/**
 * The set-up every dashboard suite shares, registered in the calling `describe`: a product server and one
 * Chromium for the suite, each test's pages closed after it with no uncaught page error allowed.
 * `as(email)` opens a page signed in as that demo user. Without options the suite uses the run's shared
 * server (see `sharedProductServer`); with options (`{}` for the defaults) it starts one of its own, for a
 * suite that needs other settings or changes what the others rely on (the demo form, the data's size).
 */
export function dashboardSuite(options?: ProductServerOptions) {
  let server: Server | undefined;
  let chromium: Chromium | undefined;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([
      options ? startProductServer(options) : sharedProductServer(),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const { close, pageErrors } of open.splice(0)) {
      await close();
      expect(pageErrors).toEqual([]);
    }
  });

  const started = () => {
    if (!server || !chromium) throw new Error('The suite has not started (beforeAll failed?)');
    return { server, chromium };
  };
  return {
    get baseUrl(): string {
      return started().server.baseUrl;
    },
    async as(email: string, locale?: string): Promise<Page> {
      const { server, chromium } = started();
      const session = await signedInPage(chromium.browser, server.baseUrl, email, locale);
      open.push(session);
      return session.page;
    },
  };
}
