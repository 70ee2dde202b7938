import { test, expect } from '../support/fixtures.js';
import { SUITE } from './support.js';

test.use({ suites: SUITE });

test('the v3 campaigns reuse keep-alive connections, and the report counts what the gateway received', async ({
  launchReference,
}) => {
  let connections = 0;
  let requests = 0;
  const ref = await launchReference({
    partOptions: {
      'pdnd-interop-v3': { onConnection: () => void connections++, onRequest: () => void requests++ },
    },
  });
  const { report } = await ref.run();
  const origin = new URL(ref.profile['pdndInterop'].url as string).origin;
  const counted = report.run.traffic!.find((t) => t.origin === origin)!;
  console.log(`v3 gateway: ${requests} requests over ${connections} connections`);
  // What the client counted is what the gateway saw.
  expect(counted).toMatchObject({ connections, requests });
  // One connection per request was the old way: keep-alive needs a small fraction of that.
  expect(connections).toBeLessThan(requests / 4);
});
