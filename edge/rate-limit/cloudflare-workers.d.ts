/**
 * `cloudflare:workers` is a workerd built-in. `@cloudflare/workers-types` declares it only in its global
 * flavour (index.d.ts), which would replace our DOM and Node globals; the importable flavour (index.ts) has
 * the same classes as the `CloudflareWorkersModule` namespace but no module declaration. This re-exports the
 * one class we use from there.
 */
declare module 'cloudflare:workers' {
  import { CloudflareWorkersModule } from '@cloudflare/workers-types';

  export import DurableObject = CloudflareWorkersModule.DurableObject;
}
