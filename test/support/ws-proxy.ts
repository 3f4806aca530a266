import { connect } from 'node:net';
import { type AddressInfo, WebSocketServer } from 'ws';

/**
 * A WebSocket→TCP proxy (dev and test tooling): lets the Neon serverless driver, which speaks Postgres over
 * WebSocket, reach a plain Postgres server. The driver asks for `ws://host:port/v1?address=<db host:port>`.
 */
export async function startWsProxy(): Promise<{ address: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws, req) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('address') ?? '';
    const [host, port] = target.split(':');
    // Only loopback targets: this proxy must never become a way out of the machine.
    if (!host || !port || !['127.0.0.1', 'localhost'].includes(host))
      return ws.close(1008, 'target not allowed');
    const socket = connect(Number(port), host);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => socket.write(data));
    socket.on('data', (data) => ws.readyState === ws.OPEN && ws.send(data));
    ws.on('close', () => socket.destroy());
    socket.on('close', () => ws.close());
    socket.on('error', () => ws.close());
    ws.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  return { address: `127.0.0.1:${port}`, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}
