// The baseline: a trivial Hono JSON endpoint on @hono/node-server, as the product's Node face runs.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/noop', async (c) => c.json({ ok: true, echo: (await c.req.json()).lastName ?? null }, 201));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () =>
  console.log('ready'),
);
