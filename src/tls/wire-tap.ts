import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * A transparent duplex between node:tls and the TCP socket that hands every byte the server sends
 * to `onServerBytes`. TLS runs over it unchanged; the tap only watches.
 */
export class WireTap extends Duplex {
  constructor(
    private readonly socket: Socket,
    onServerBytes: (chunk: Buffer) => void,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      onServerBytes(chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
