import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ATTEMPT_TIMEOUT_MS, isBlockedAddress, RESPONSE_EXCERPT_BYTES } from '../../core/outgoing-webhooks';
import type { WebhookDeps, WebhookResponse, WebhookTransport } from './transport';

class BlockedTarget extends Error {
  override name = 'BlockedTarget';
}

/**
 * A DNS lookup that fails for any blocked address: checked when the socket connects, so a name that
 * resolves elsewhere the second time (DNS rebinding) is caught too. Loopback passes under the test setting.
 */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.find(
        (a) => isBlockedAddress(a.address) && !(allowLoopback && isLoopbackAddress(a.address)),
      );
      if (bad) return callback(new BlockedTarget(`${hostname} resolves to ${bad.address}`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1';
}

/**
 * The Node face's transport: node:http(s) with the guarded lookup, no redirects (Node never follows one),
 * a timeout over the whole attempt, and only the first bytes of the answer read. Connections are kept
 * alive per endpoint (the lookup guards each new one), so a burst to one receiver does not pay a TCP and
 * TLS handshake per message.
 */
export function nodeTransport(allowLoopback: boolean, timeoutMs = ATTEMPT_TIMEOUT_MS): WebhookTransport {
  const lookup = guardedLookup(allowLoopback);
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 64, lookup }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64, lookup }),
  };
  return ({ url, headers, body }) =>
    new Promise<WebhookResponse>((resolve) => {
      const started = Date.now();
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      let settled = false;
      const finish = (response: WebhookResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(response);
      };
      const failed = (error: WebhookResponse['error'] & string) =>
        finish({ status: null, excerpt: null, durationMs: Date.now() - started, error } as WebhookResponse);
      const attempt = (fresh: boolean) => {
        const req = send(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            agent: target.protocol === 'https:' ? agents['https:'] : agents['http:'],
            lookup,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const done = () => {
              const status = res.statusCode ?? 0;
              const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
              const durationMs = Date.now() - started;
              finish(
                status >= 300 && status < 400
                  ? { status, excerpt, durationMs, error: 'redirect' }
                  : { status, excerpt, durationMs },
              );
            };
            res.on('data', (chunk: Buffer) => {
              if (size >= RESPONSE_EXCERPT_BYTES) return;
              chunks.push(chunk);
              size += chunk.length;
              if (size >= RESPONSE_EXCERPT_BYTES) {
                done();
                res.destroy();
              }
            });
            res.on('end', done);
            res.on('error', done);
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          // A kept-alive socket the receiver closed while idle fails at once: send again on a new one (as
          // Node's documentation advises), instead of counting an attempt the receiver never saw.
          if (!fresh && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'))
            return attempt(true);
          failed(error instanceof BlockedTarget ? 'blocked-target' : 'network');
        });
        current = req;
        req.end(body);
      };
      let current: ReturnType<typeof send> | null = null;
      const timer = setTimeout(() => {
        current?.destroy();
        failed('timeout');
      }, timeoutMs);
      attempt(false);
    });
}

/** The Node face's webhook deps: the guarded transport, and name resolution for the check on save. */
export function nodeWebhookDeps(allowLoopback: boolean): WebhookDeps {
  return {
    allowLoopback,
    send: nodeTransport(allowLoopback),
    resolve: (host) =>
      new Promise((resolve) =>
        dnsLookup(host, { all: true }, (error, addresses) =>
          resolve(error ? [] : addresses.map((a) => a.address)),
        ),
      ),
  };
}
