import { createServer, type Server } from 'node:net';

/** A loopback listener that records every connection it is offered and the bytes each sent. */
export async function recordingListener(): Promise<{ server: Server; port: number; connections: Buffer[] }> {
  const connections: Buffer[] = [];
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    connections.push(Buffer.alloc(0));
    const i = connections.length - 1;
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      connections[i] = Buffer.concat(chunks);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { server, port, connections };
}
