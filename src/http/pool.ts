import { Agent } from 'undici';
import { connectOptions, type HttpRequest } from './client.js';
import { currentMeter } from './traffic.js';

/**
 * Keep-alive connections for a suite that sends many requests as the same identity (the v3
 * gateway's campaigns): one undici Agent per identity and connection settings, so a voucher's
 * requests share connections and no connection ever carries two identities. Checks that need a
 * fresh handshake (TLS and mTLS negatives) never use one. Closed with the run (./traffic.ts).
 */
export class ConnectionPool {
  private readonly agents = new Map<string, Agent>();

  constructor() {
    currentMeter()?.onClose(() => this.close());
  }

  agent(identity: string, req: Pick<HttpRequest, 'tls' | 'address' | 'timeoutMs'>): Agent {
    const key = JSON.stringify([identity, req.address ?? null, req.tls ?? null, req.timeoutMs]);
    let agent = this.agents.get(key);
    if (!agent) this.agents.set(key, (agent = new Agent({ pipelining: 1, connect: connectOptions(req) })));
    return agent;
  }

  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.close().catch(() => undefined)));
  }
}
