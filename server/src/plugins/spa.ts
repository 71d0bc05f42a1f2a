/**
 * Serves the built SPA (client/dist) from the same process and port as the API: `pnpm start` is the whole
 * demo, and one origin means the browser never needs CORS.
 *
 * The SPA has its own routes (/login, /notes…) that exist only in the browser. When a user reloads one of
 * them, the browser asks the server for that path, so every page navigation that matches no file gets
 * index.html, and the SPA's router takes over from there. Paths under /api/ are never answered this way: an
 * unknown API route stays a JSON 404, or a typo in a fetch URL would come back as an HTML page.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { isApiPath } from './security.js';

export interface SpaOptions {
  /** The folder the client build writes to, with index.html at its top. */
  root: string;
}

/**
 * A page navigation asks for HTML. fetch() and curl accept any type or ask for JSON, and they get the JSON
 * 404 instead, which is what a program wants to see for a path that does not exist.
 *
 * The path is the one the router matched, decoded and with repeated leading slashes folded, never the raw
 * URL: `/%61pi/nope` and `//api/nope` name the API as surely as `/api/nope` and get the API's JSON 404.
 */
function wantsPage(request: FastifyRequest): boolean {
  const matched = (request.params as { '*'?: string })['*'] ?? '';
  const path = `/${matched.replace(/^\/+/, '')}`;
  return !isApiPath(path) && (request.headers.accept ?? '').includes('text/html');
}

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Session Lab</title>
  </head>
  <body>
    <h1>Session Lab</h1>
    <p>The API is running, but the SPA has not been built yet.</p>
    <p>Run <code>pnpm build</code> (or simply <code>pnpm start</code>, which builds first), then reload this page.</p>
    <p>The API answers meanwhile: try <a href="/api/health">/api/health</a>.</p>
  </body>
</html>
`;

async function spa(fastify: FastifyInstance, options: SpaOptions): Promise<void> {
  if (!existsSync(join(options.root, 'index.html'))) {
    fastify.log.warn({ root: options.root }, 'client build not found; serving a placeholder page instead of the SPA');
    const placeholder = (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.url !== '/' && !wantsPage(request)) return reply.callNotFound();
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PLACEHOLDER_PAGE);
    };
    fastify.get('/', placeholder);
    fastify.get('/*', placeholder);
    return;
  }

  await fastify.register(fastifyStatic, {
    root: options.root,
    // Routes for exactly the files that exist at start-up, rather than one catch-all route, so that the SPA
    // fallback below can own every other path.
    wildcard: false,
    // `pnpm build` writes .br and .gz copies of every text file (scripts/compress-dist.mjs); a browser that
    // accepts them gets the compressed bytes, and the request costs no compression work at all.
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      // Vite puts a hash of the content in every file name under assets/, so a changed file gets a new name
      // and the old one can be cached for good. index.html keeps its name, so the browser must revalidate it,
      // or it would keep loading an old build after a rebuild.
      const immutable = path.startsWith(join(options.root, 'assets'));
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    if (!wantsPage(request)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}

// Not wrapped in fastify-plugin: the SPA decorates nothing the rest of the app uses, so it keeps
// @fastify/static's reply decorators to itself.
export default spa;
