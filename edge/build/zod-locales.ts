/**
 * Stands in for zod's index of its error-message locales in the worker bundle (wrangler.toml `[alias]`):
 * the API answers with codes, never zod's messages, and zod configures English itself, so the other
 * locales only cost bundle size and startup time.
 */
export { default as en } from 'zod/v4/locales/en.js';
