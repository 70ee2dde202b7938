import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';
import { sendSigned, type SigningKey } from './integrity.js';

/**
 * Sends the gateway's responses signed (sendSigned), counting the requests served for the
 * rate-limit headers. `origin` is the gateway's, the iss of its signatures, known once it listens.
 */
export class SignedResponder {
  served = 0;
  origin = '';

  constructor(
    private readonly keys: { key: SigningKey; otherKey: SigningKey },
    private readonly faults: ReadonlySet<string>,
  ) {}

  private send(
    res: ServerResponse,
    o: { status: number; body?: string; contentType?: string; headers?: Record<string, string> },
  ) {
    return sendSigned(res, {
      ...o,
      ...this.keys,
      issuer: this.origin,
      faults: this.faults,
      served: this.served,
    });
  }

  json(res: ServerResponse, status: number, value: unknown): Promise<void> {
    return this.send(res, {
      status,
      body: JSON.stringify(value),
      contentType: 'application/json',
      headers: {},
    });
  }

  /** A response with no body (the delete-204 fault). */
  empty(res: ServerResponse, status: number): Promise<void> {
    return this.send(res, { status });
  }

  problem(res: ServerResponse, e: HttpError): Promise<void> {
    const body = {
      type: 'about:blank',
      status: e.status,
      title: e.title,
      detail: e.message,
      correlationId: randomUUID(),
    };
    return this.send(res, {
      status: e.status,
      body: JSON.stringify(body),
      contentType: 'application/problem+json',
      headers: e.headers,
    });
  }
}
