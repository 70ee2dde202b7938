import { AsyncLocalStorage } from 'node:async_hooks';

/** What one origin received from this run: operators have request budgets. */
export interface OriginTraffic {
  origin: string;
  /** TCP connections opened (each a TLS handshake for https). */
  connections: number;
  /** HTTP requests sent, or requests attempted over a handshake that failed. */
  requests: number;
}

/**
 * The connections and requests of one run, by origin, and the keep-alive pools to close when it
 * ends. Every probe and HTTP request counts into the meter of the run it belongs to
 * (AsyncLocalStorage), so runs in one process never mix their counts.
 */
export class TrafficMeter {
  private readonly byOrigin = new Map<string, OriginTraffic>();
  private readonly closers: (() => Promise<void>)[] = [];

  private entry(origin: string): OriginTraffic {
    let e = this.byOrigin.get(origin);
    if (!e) this.byOrigin.set(origin, (e = { origin, connections: 0, requests: 0 }));
    return e;
  }

  connection(origin: string): void {
    this.entry(origin).connections++;
  }

  request(origin: string): void {
    this.entry(origin).requests++;
  }

  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((c) => c().catch(() => undefined)));
  }

  summary(): OriginTraffic[] {
    return [...this.byOrigin.values()].sort((a, b) => a.origin.localeCompare(b.origin));
  }
}

/** An https origin as URL.origin writes it (no :443), so every layer counts under one name. */
export function httpsOrigin(host: string, port: number | string | undefined): string {
  return `https://${host}${port && Number(port) !== 443 ? `:${port}` : ''}`;
}

const current = new AsyncLocalStorage<TrafficMeter>();

/** Runs `fn` with every connection and request it makes counted into `meter`. */
export function metered<R>(meter: TrafficMeter, fn: () => R): R {
  return current.run(meter, fn);
}

/** The meter of the run in progress, if any (a unit test calling a probe directly has none). */
export function currentMeter(): TrafficMeter | undefined {
  return current.getStore();
}

/** Runs `fn` uncounted: the probes of our own canary servers are not traffic to a target. */
export function unmetered<R>(fn: () => R): R {
  return current.exit(fn);
}
