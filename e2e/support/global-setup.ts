import type { TestProject } from 'vitest/node';
import { chromiumPath } from './browser';
import { launchProductServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the product server the browser suites share (empty when Chromium is missing). */
    sharedProductUrl: string;
  }
}

/**
 * One product server for the browser suites that need no settings of their own (`sharedProductServer`),
 * started once per run instead of once per file. It is not waited for here: it starts while the test files
 * load, and each suite waits for its health check. Its demo data is shared, so each test arranges the leads
 * it changes. Without Chromium the suites skip, and nothing starts.
 */
export default async function setup(project: TestProject) {
  const server = chromiumPath ? await launchProductServer() : undefined;
  server?.ready.catch((error) => console.error('The shared product server failed:', error));
  project.provide('sharedProductUrl', server?.baseUrl ?? '');
  return async () => {
    await server?.stop();
  };
}
