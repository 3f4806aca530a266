import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeTransport } from './node-transport';

/**
 * A receiver that answers the first request of a connection (keeping it alive), and resets the connection
 * when a second request arrives on it — what a server's idle timeout does to a kept-alive socket when its
 * close crosses the next request on the wire.
 */
async function resettingReceiver() {
  const requests: number[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    const connection = ++connections;
    let served = 0;
    socket.on('data', (data) => {
      if (!data.toString('latin1').includes('\r\n\r\n')) return;
      requests.push(connection);
      if (served++ > 0) return void socket.resetAndDestroy();
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the Node webhook transport', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('sends again on a new connection when a kept-alive one was reset, instead of failing the attempt', async () => {
    const receiver = await resettingReceiver();
    close = receiver.close;
    const send = nodeTransport(true, 5_000);
    const message = { url: receiver.url, headers: { 'content-type': 'application/json' }, body: '{}' };
    expect(await send(message)).toMatchObject({ status: 200 });
    // The second message goes out on the kept-alive socket, which the receiver resets.
    expect(await send(message)).toMatchObject({ status: 200 });
    expect(receiver.requests).toEqual([1, 1, 2]);
  });
});
