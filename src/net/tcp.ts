import { currentMeter } from '../http/traffic.js';
import { connect } from 'node:net';

/**
 * Opens and closes one TCP connection: the cheapest proof that a site answers at all. It counts
 * as a connection to `origin` in the run's traffic.
 */
export function tcpReachable(
  address: string,
  port: number,
  timeoutMs: number,
  origin?: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (origin) currentMeter()?.connection(origin);
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
