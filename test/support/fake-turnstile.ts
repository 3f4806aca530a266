import { createServer, type Server } from 'node:http';

/** One siteverify call as the fake received it. */
export type SiteverifyCall = { secret: string | null; response: string | null; remoteip: string | null };

/**
 * A local stand-in for Cloudflare Turnstile's siteverify endpoint, speaking its documented wire format:
 * a form-encoded POST of `secret`, `response` and optional `remoteip`, answered with JSON
 * `{ success, "error-codes", challenge_ts, hostname }`. Tokens in `passing` succeed; others fail.
 * With `singleUse` (as the real one), a token that has passed once fails after (`timeout-or-duplicate`).
 */
export async function startFakeTurnstile(
  passing: string[],
  opts: { singleUse?: boolean } = {},
): Promise<{ url: string; calls: SiteverifyCall[]; close: () => Promise<void> }> {
  const calls: SiteverifyCall[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      const call = {
        secret: form.get('secret'),
        response: form.get('response'),
        remoteip: form.get('remoteip'),
      };
      calls.push(call);
      const ok =
        req.method === 'POST' &&
        call.secret === 'test-turnstile-secret' &&
        passing.includes(call.response ?? '');
      // single-use tokens (widget Turnstile)
      if (ok && opts.singleUse) passing.splice(passing.indexOf(call.response!), 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? {
                success: true,
                'error-codes': [],
                challenge_ts: new Date().toISOString(),
                hostname: 'landing.example.com',
              }
            : {
                success: false,
                'error-codes': [call.secret ? 'invalid-input-response' : 'missing-input-secret'],
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
