import { test, expect } from '@playwright/test';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { httpRequest } from '../../src/http/client.js';

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const JSON_BODY = JSON.stringify({ results: [{ id: 1 }] });
const servers: Server[] = [];
test.afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

test('sends a real Accept-Encoding and decodes gzip, deflate and br, keeping the bytes as received', async () => {
  const codings = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
  const { server, origin } = await serve((req, res) => {
    const coding = req.url!.slice(1) as keyof typeof codings;
    res.writeHead(200, { 'content-encoding': coding, 'x-accepted': req.headers['accept-encoding'] ?? '' });
    res.end(codings[coding](Buffer.from(JSON_BODY)));
  });
  servers.push(server);
  for (const coding of Object.keys(codings)) {
    const r = await httpRequest({ url: `${origin}/${coding}`, timeoutMs: 2_000 });
    if (!r.ok) throw new Error(r.error);
    expect(r.response.headers['x-accepted']).toBe('gzip, deflate, br');
    expect(r.response.body.toString()).toBe(JSON_BODY);
    expect(
      r.response.encodedBody?.equals(codings[coding as keyof typeof codings](Buffer.from(JSON_BODY))),
    ).toBe(true);
  }
});

test('our own limits are named with their figure, never a plain transport error', async () => {
  const { server, origin } = await serve((req, res) => {
    if (req.url === '/header') res.setHeader('x-padding', 'x'.repeat(20 * 1024));
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1_000);
    res.end(req.url === '/body' ? Buffer.alloc(5 * 1024 * 1024) : 'ok');
  });
  servers.push(server);
  const header = await httpRequest({ url: `${origin}/header`, timeoutMs: 2_000 });
  expect(header).toMatchObject({
    ok: false,
    limit: true,
    error: 'the response exceeded our response header size limit (16 KiB)',
  });
  const body = await httpRequest({ url: `${origin}/body`, timeoutMs: 2_000 });
  expect(body).toMatchObject({
    ok: false,
    limit: true,
    error: 'the response exceeded our response body cap (4 MiB)',
  });
  const slow = await httpRequest({ url: `${origin}/slow`, timeoutMs: 200 });
  expect(slow).toMatchObject({
    ok: false,
    limit: true,
    error: 'no complete response within our probe timeout (200 ms)',
  });
});

test('a same-origin redirect is followed with the same headers; one to another origin is not, and says where', async () => {
  const elsewhere: string[] = [];
  const other = await serve((req, res) => {
    elsewhere.push(String(req.headers['x-key']));
    res.end('ok');
  });
  const { server, origin } = await serve((req, res) => {
    if (req.url === '/moved') return void res.writeHead(307, { location: '/here' }).end();
    if (req.url === '/away') return void res.writeHead(302, { location: `${other.origin}/x` }).end();
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    res.end(String(req.headers['x-key']));
  });
  servers.push(server, other.server);
  const moved = await httpRequest({ url: `${origin}/moved`, headers: { 'x-key': 'k' }, timeoutMs: 2_000 });
  expect(moved.ok && [moved.response.status, moved.response.body.toString()]).toEqual([200, 'k']);
  const away = await httpRequest({ url: `${origin}/away`, headers: { 'x-key': 'k' }, timeoutMs: 2_000 });
  expect(away.ok && away.response.redirect).toMatchObject({ status: 302, location: `${other.origin}/x` });
  expect(elsewhere).toEqual([]);
  const loop = await httpRequest({ url: `${origin}/loop`, timeoutMs: 2_000 });
  expect(loop.ok && loop.response.redirect?.why).toBe('more than 3 redirects');
});
