import { fillPath } from '../../../openapi/operations.js';
import { PROBE_UUID, probeValue, requiredQuery } from '../../../openapi/probe-values.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';

export interface ProvokeCampaign {
  steps: { probe: Probe; expect: number; result: ProbeResult }[];
}

/**
 * Deliberately provoked errors, so that the integrity, rate-limit and schema checks see a 400, a
 * 401 and a 404 on every run, whatever else the suite does.
 */
export async function provokeCampaign(s: GatewaySession): Promise<ProvokeCampaign> {
  const paginated =
    s.target.api.paginated.find((p) => !p.operation.path.includes('{')) ?? s.target.api.paginated[0];
  const probes: { probe: Probe; expect: number }[] = [
    {
      probe: {
        campaign: 'provoke',
        label: 'provoked 401 (voucher with a broken signature)',
        method: 'GET',
        path: s.target.controlPath,
        voucher: 'tampered-signature',
      },
      expect: 401,
    },
    {
      probe: {
        campaign: 'provoke',
        label: 'provoked 404 (no such resource)',
        method: 'GET',
        path: '/attesta-no-such-resource',
      },
      expect: 404,
    },
  ];
  if (paginated) {
    // Valid values for the path and the other required query parameters: the 400 answers the limit only.
    const other = requiredQuery(s.target.api.validator, paginated.operation, ['offset', 'limit']);
    const param = (n: string) => paginated.operation.parameters.find((p) => p.in === 'path' && p.name === n);
    const path = fillPath(paginated.operation.path, s.target.ids, (n) => {
      const p = param(n);
      return (p && probeValue(s.target.api.validator, p)) ?? PROBE_UUID;
    });
    probes.push({
      probe: {
        campaign: 'provoke',
        label: 'provoked 400 (limit=0)',
        method: 'GET',
        path: `${path}?${new URLSearchParams({ ...other.values, offset: '0', limit: '0' }).toString()}`,
      },
      expect: 400,
    });
  }
  return { steps: await Promise.all(probes.map(async (p) => ({ ...p, result: await s.send(p.probe) }))) };
}
