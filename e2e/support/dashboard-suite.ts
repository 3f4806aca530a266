import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser';
import { startProductServer } from './server';
import { signedInPage } from './workspace';

type Server = Awaited<ReturnType<typeof startProductServer>>;
type Chromium = Awaited<ReturnType<typeof launchBrowser>>;

/**
 * The set-up every dashboard suite shares, registered in the calling `describe`: one product server and
 * one Chromium for the suite, each test's pages closed after it with no uncaught page error allowed.
 * `as(email)` opens a page signed in as that demo user.
 */
export function dashboardSuite(options: Parameters<typeof startProductServer>[0] = {}) {
  let server: Server | undefined;
  let chromium: Chromium | undefined;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startProductServer(options), launchBrowser()]);
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
