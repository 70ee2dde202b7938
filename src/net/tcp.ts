import { connect } from 'node:net';

/** Opens and closes one TCP connection: the cheapest proof that a site answers at all. */
export function tcpReachable(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (r: { ok: true } | { ok: false; reason: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => done({ ok: false, reason: `no TCP connection to ${address}:${port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, reason: `TCP connection to ${address}:${port} failed: ${e.code ?? e.message}` }),
    );
  });
}
