import type { SharedService, Stoppable } from '../part.js';

/** The shared services of one reference target: each started once, on its first request. */
export class SharedServices {
  private readonly started = new Map<SharedService<Stoppable>, Promise<Stoppable>>();

  constructor(private readonly faults: ReadonlySet<string>) {}

  get<T extends Stoppable>(service: SharedService<T>): Promise<T> {
    let running = this.started.get(service);
    if (!running) {
      running = service.start(this.faults);
      this.started.set(service, running);
    }
    return running as Promise<T>;
  }

  /** Stops every service that started (one that failed to start has nothing to stop). */
  async stop(): Promise<void> {
    const settled = await Promise.allSettled(this.started.values());
    await Promise.all(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.stop()] : [])));
  }
}
