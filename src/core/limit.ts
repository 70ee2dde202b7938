/** Runs at most `n` tasks at once. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * A run's interruption, listened to once however many checks wait on it: an AbortSignal warns
 * (MaxListenersExceededWarning) past ten listeners, and one per check under way would pass that
 * with two targets of eight concurrent checks each.
 */
export class Interruption {
  private readonly waiting = new Set<() => void>();

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => this.waiting.forEach((then) => then()), { once: true });
  }

  /** Calls `then` when the run is interrupted (at once if it is); returns how to stop waiting. */
  subscribe(then: () => void): () => void {
    if (this.signal?.aborted) then();
    else this.waiting.add(then);
    return () => this.waiting.delete(then);
  }
}

/**
 * Resolves to `onTimeout()` when the promise takes longer than `ms`, and to `onAbort()` as soon as
 * the run is interrupted: an interrupted run must not wait for probes still under way.
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => T,
  interruption: Interruption,
  onAbort: () => T,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  const aborted = new Promise<T>((resolve) => {
    unsubscribe = interruption.subscribe(() => resolve(onAbort()));
  });
  try {
    return await Promise.race([promise, timeout, aborted]);
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}
