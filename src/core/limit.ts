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
 * Resolves to `onTimeout()` when the promise takes longer than `ms`, and to `onAbort()` as soon as
 * the signal aborts: an interrupted run must not wait for probes still under way.
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => T,
  signal: AbortSignal | undefined,
  onAbort: () => T,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let abort: (() => void) | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  const aborted = new Promise<T>((resolve) => {
    abort = () => resolve(onAbort());
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
  try {
    return await Promise.race([promise, timeout, aborted]);
  } finally {
    clearTimeout(timer);
    if (abort) signal?.removeEventListener('abort', abort);
  }
}
