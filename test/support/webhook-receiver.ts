import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, and whether the reference implementation accepted its signature. */
export type Received = {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed payload when `standardwebhooks` verified the request with one of the secrets, else null. */
  verified: unknown;
  /** Which of the secrets verified it (their positions in `secrets`). */
  verifiedBy: number[];
};

/**
 * A webhook endpoint on 127.0.0.1 that verifies every request with the `standardwebhooks` package (the
 * reference implementation, not ours) against the secrets the test gives it. `answers` scripts the status
 * of the next requests (then 200); `/redirect` answers 302 to `/moved`, `/slow` never answers, `/big`
 * answers 10 kB.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const receiver = {
    secrets: [] as string[],
    answers: [] as number[],
    received,
    url: '',
    verified: () => received.filter((r) => r.verified !== null),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push(verify(path, req.headers, body, receiver.secrets));
      if (path === '/slow') return;
      if (path === '/redirect') return res.writeHead(302, { location: `${receiver.url}/moved` }).end();
      if (path === '/big') return res.writeHead(200).end('x'.repeat(10_000));
      const status = receiver.answers.shift() ?? 200;
      res
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status < 300 ? 'ok' : `failed with ${status}`);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

function verify(path: string, headers: IncomingHttpHeaders, body: string, secrets: string[]): Received {
  const h = {
    'webhook-id': String(headers['webhook-id'] ?? ''),
    'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''),
    'webhook-signature': String(headers['webhook-signature'] ?? ''),
  };
  const verifiedBy: number[] = [];
  let verified: unknown = null;
  secrets.forEach((secret, i) => {
    try {
      verified = new Webhook(secret).verify(body, h);
      verifiedBy.push(i);
    } catch {
      // Not signed by this secret (or not at all): the entry stays unverified by it.
    }
  });
  return {
    path,
    id: h['webhook-id'],
    timestamp: h['webhook-timestamp'],
    signature: h['webhook-signature'],
    body,
    verified,
    verifiedBy,
  };
}
