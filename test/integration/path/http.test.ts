/**
 * The UPnP HTTP client against a real HTTP server on loopback: answers read, redirects never
 * followed, oversized answers and slow servers given up, only http:// accepted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../main/engine/path/http';

let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url} ${request.headers.soapaction ?? ''}`);
    if (request.url === '/desc.xml') response.end('<root/>');
    else if (request.url === '/moved') response.writeHead(302, { Location: `${base}/desc.xml` }).end();
    else if (request.url === '/big') response.end('x'.repeat(4096));
    else if (request.url === '/slow') setTimeout(() => response.end('late'), 1500);
    else if (request.url === '/soap') {
      let body = '';
      request.on('data', (d: Buffer) => (body += d.toString()));
      request.on('end', () => response.writeHead(500).end(`fault for ${body}`));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('the UPnP HTTP client', () => {
  const http = createHttpClient({ timeoutMs: 300, maxBytes: 1024 });

  it('reads an answer, and posts a SOAP body with its action header', async () => {
    expect(await http({ url: `${base}/desc.xml`, method: 'GET' })).toEqual({ status: 200, body: '<root/>' });
    const fault = await http({ url: `${base}/soap`, method: 'POST', headers: { SOAPAction: '"x#y"' }, body: '<a/>' });
    expect(fault).toEqual({ status: 500, body: 'fault for <a/>' });
    expect(hits).toContain('POST /soap "x#y"');
  });

  it('never follows a redirect', async () => {
    hits.length = 0;
    const answer = await http({ url: `${base}/moved`, method: 'GET' });
    expect(answer?.status).toBe(302);
    expect(hits).toEqual(['GET /moved ']);
  });

  it('gives up on an oversized answer and on a slow server', async () => {
    expect(await http({ url: `${base}/big`, method: 'GET' })).toBeNull();
    const started = performance.now();
    expect(await http({ url: `${base}/slow`, method: 'GET' })).toBeNull();
    expect(performance.now() - started).toBeLessThan(1200);
  });

  it('stops when the caller aborts, and refuses anything but http://', async () => {
    const controller = new AbortController();
    const pending = http({ url: `${base}/slow`, method: 'GET' }, controller.signal);
    controller.abort();
    expect(await pending).toBeNull();
    expect(await http({ url: 'file:///etc/passwd', method: 'GET' })).toBeNull();
  });
});
