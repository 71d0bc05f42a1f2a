import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@session-lab/shared';
import { buildTestApp, signIn } from './helpers.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

describe('serving the built SPA', () => {
  let app: FastifyInstance;
  let dist: string;
  beforeAll(async () => {
    // A miniature Vite build: index.html and a hashed asset.
    dist = mkdtempSync(join(tmpdir(), 'session-lab-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("spa")');
    // What scripts/compress-dist.mjs writes after a real build.
    writeFileSync(join(dist, 'assets', 'index-abc123.js.gz'), gzipSync('console.log("spa")'));
    app = await buildTestApp({}, { clientDist: dist });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at the root, revalidated on every visit', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: HTML });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets with a long, immutable cache lifetime', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the precompressed copy of a script to a browser that accepts gzip, and the plain file otherwise', async () => {
    const compressed = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.statusCode).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers['content-type']).toMatch(/javascript/);
    expect(gunzipSync(compressed.rawPayload).toString()).toBe('console.log("spa")');

    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log("spa")');
  });

  it.each(['/login', '/notes', '/notes/deep/link?from=bookmark'])('answers a page navigation to %s with index.html', async (url) => {
    const response = await app.inject({ method: 'GET', url, headers: HTML });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('keeps unknown API routes a JSON 404, even for a browser asking for HTML', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nope', headers: HTML });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe(ErrorCode.NOT_FOUND);
  });

  it.each(['/%61pi/nope', '//api/nope', '/api//me'])(
    'keeps %s, another spelling of an API path, a JSON 404 for a browser asking for HTML',
    async (url) => {
      const response = await app.inject({ method: 'GET', url, headers: HTML });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe(ErrorCode.NOT_FOUND);
    },
  );

  it('answers a missing file fetched by a script with a JSON 404, not the page', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe(ErrorCode.NOT_FOUND);
  });

  it('does not serve files outside the build folder', async () => {
    const response = await app.inject({ method: 'GET', url: '/../../../../etc/passwd', headers: HTML });
    expect(response.body).not.toContain('root:');
  });
});

describe('without a client build', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('serves a placeholder page that says how to build the SPA', async () => {
    for (const url of ['/', '/login']) {
      const response = await app.inject({ method: 'GET', url, headers: HTML });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('pnpm build');
    }
  });

  it('still answers the API', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const csp = (header: string | string[] | number | undefined) =>
    new Map(String(header).split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }));

  it.each(['/', '/api/health', '/api/me'])('sends a Content-Security-Policy without inline script on %s', async (url) => {
    const response = await app.inject({ method: 'GET', url, headers: HTML });
    const policy = csp(response.headers['content-security-policy']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('opens the API to no other origin', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const response = await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it.each(['/api/health', '/%61pi/health', '/api/%68ealth', '/api/./health'])(
    'marks API answers as not to be stored by any cache, however the path %s is spelled',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
    },
  );

  it('marks a token-bearing answer reached through an encoded path as not to be stored', async () => {
    const { token } = await signIn(app);
    const response = await app.inject({ method: 'GET', url: '/%61pi/me', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('marks a refusal by the session check as not to be stored either', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer not-a-token' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
