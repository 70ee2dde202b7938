/** Just enough HTTP/1.1 to send one request over a probed TLS connection and read the answer. */
import type { UnfollowedRedirect } from '../http/redirect.js';

export interface RequestSpec {
  method: string;
  path: string;
  host: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ResponseHead {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The start of the body, for evidence (e.g. nginx's "No required SSL certificate was sent"). */
  bodyStart: string;
  /** A 3xx that was not followed (src/http/redirect.ts): neither service nor refusal. */
  redirect?: UnfollowedRedirect;
}

export function serializeRequest(req: RequestSpec): string {
  const body = req.body ?? '';
  const headers: Record<string, string> = {
    host: req.host,
    'user-agent': 'attesta',
    accept: '*/*',
    connection: 'close',
    ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...req.headers,
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `${req.method} ${req.path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

const BODY_EVIDENCE_BYTES = 512;

export function parseResponseHead(data: Buffer): ResponseHead | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(statusLine);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const bodyStart = data
    .subarray(end + 4, end + 4 + BODY_EVIDENCE_BYTES)
    .toString('utf8')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { status: Number(m[1]), statusText: m[2] ?? '', headers, bodyStart };
}
