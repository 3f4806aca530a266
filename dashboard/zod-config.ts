import { config } from 'zod';

/**
 * The dashboard's schemas parse without generated code: zod otherwise probes `new Function` once, which the
 * dashboard's Content Security Policy (no `unsafe-eval`) refuses and browsers report as a violation. Imported
 * first by main.tsx, before any schema is built (the probe runs when an object schema is created).
 */
config({ jitless: true });
