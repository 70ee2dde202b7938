/**
 * Attesta's own client limits. A response beyond one of them says nothing about the target
 * (DESIGN.md, "Our limits are not the target's fault"): whoever meets one reports it by its name
 * and figure, and the verdict is INCONCLUSIVE, never FAIL.
 */
export const LIMITS = {
  /** Decoded response body kept by the HTTP client. */
  body: { name: 'response body cap', bytes: 4 * 1024 * 1024 },
  /** Response head accepted by undici (Node's default --max-http-header-size). */
  header: { name: 'response header size limit', bytes: 16 * 1024 },
  /** What the TLS probe reads of an answer: status, headers and the start of the body. */
  probeHead: { name: 'TLS probe response head cap', bytes: 64 * 1024 },
} as const;

function size(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

/** "the response exceeded our response body cap (4 MiB)" */
export function exceeded(limit: { name: string; bytes: number }): string {
  return `the response exceeded our ${limit.name} (${size(limit.bytes)})`;
}

/** "no complete response within our probe timeout (3000 ms)" */
export function timedOut(timeoutMs: number): string {
  return `no complete response within our probe timeout (${timeoutMs} ms)`;
}
