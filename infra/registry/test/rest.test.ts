import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_TYPE, ErrorCode, RegistryClient, RegistryError, errorFrom } from '../src/rest';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

describe('RegistryClient (against a scripted HTTP server)', () => {
  let server: http.Server;
  let client: RegistryClient;
  const seen: Seen[] = [];
  const replies: { status: number; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          contentType: req.headers['content-type'],
          body,
        });
        const reply = replies.shift() ?? { status: 500, body: '' };
        res.writeHead(reply.status, { 'content-type': CONTENT_TYPE });
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new RegistryClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
    replies.length = 0;
  });

  it('registers with the Confluent body and content type, under the base path, subject encoded', async () => {
    replies.push({ status: 200, body: '{"id":7}' });
    expect(await client.register('a b/c-value', { type: 'string' })).toBe(7);
    expect(seen[0]).toEqual({
      method: 'POST',
      url: '/apis/ccompat/v7/subjects/a%20b%2Fc-value/versions',
      contentType: CONTENT_TYPE,
      body: JSON.stringify({ schema: '{"type":"string"}' }),
    });
  });

  it('reads and writes compatibility levels globally and per subject', async () => {
    replies.push(
      { status: 200, body: '{"compatibility":"FULL"}' },
      { status: 200, body: '{"compatibilityLevel":"NONE"}' },
    );
    expect(await client.setCompatibility('FULL', 's')).toBe('FULL');
    expect(await client.compatibility()).toBe('NONE');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PUT /apis/ccompat/v7/config/s',
      'GET /apis/ccompat/v7/config',
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ compatibility: 'FULL' });
  });

  it('turns Confluent error bodies into RegistryError with the error code', async () => {
    replies.push({ status: 409, body: '{"error_code":409,"message":"Incompatible"}' });
    const err = await client.register('s', '"int"').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ status: 409, errorCode: ErrorCode.INCOMPATIBLE_SCHEMA });
    replies.push({ status: 200, body: '{"is_compatible":false}' });
    expect(await client.isCompatible('s', '"int"', 3)).toBe(false);
    expect(seen[1]!.url).toBe('/apis/ccompat/v7/compatibility/subjects/s/versions/3');
  });
});

describe('errorFrom', () => {
  it('uses error_code when present and meaningful, else the HTTP status', () => {
    expect(errorFrom(404, '{"error_code":40401,"message":"Subject not found"}', 'GET x').errorCode).toBe(
      40401,
    );
    expect(errorFrom(500, '{"error_code":0,"message":"boom"}', 'POST x').errorCode).toBe(500);
    const html = errorFrom(413, '<html>Request Entity Too Large</html>', 'POST x');
    expect(html.errorCode).toBe(413);
    expect(html.message).toContain('HTTP 413');
  });
});
