import { createServer, type Server } from 'node:net';
import { test } from './fixtures.js';

export interface RecordingListener {
  server: Server;
  port: number;
  /** The bytes each connection offered sent (none must come where credentials must not go). */
  connections: Buffer[];
}

/** A loopback listener that records every connection it is offered and the bytes each sent. */
async function recordingListener(): Promise<RecordingListener> {
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

/** A fresh recording listener for each test of the enclosing scope, closed after it. */
export function useRecordingListener(): () => RecordingListener {
  let listener: RecordingListener | undefined;
  test.beforeEach(async () => {
    listener = await recordingListener();
  });
  test.afterEach(
    () => new Promise<void>((resolve) => (listener ? listener.server.close(() => resolve()) : resolve())),
  );
  return () => {
    if (!listener) throw new Error('the recording listener is made before each test');
    return listener;
  };
}
