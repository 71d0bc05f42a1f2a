/**
 * The "other origin" of the CSRF experiment: a tiny HTTP server of its own, on another port of the same loopback
 * address, that serves one page (experiment-pages/attack.html and attack.js). That page, framed by the
 * experiment's window, tries a state-changing request against the app with whatever cookie the browser attaches.
 *
 * It is plain node:http on purpose: it is not the app and has none of its defences (no CSP, no CSRF check), like
 * any page an attacker would control. It serves only those two files, only GET, and lives as long as the app.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The experiments' browser pages, found from this file's own place (the same from src/ and from dist/). */
export const EXPERIMENT_PAGES = fileURLToPath(new URL('../../experiment-pages/', import.meta.url));

const FILES: Record<string, { file: string; type: string }> = {
  '/attack.html': { file: 'attack.html', type: 'text/html; charset=utf-8' },
  '/attack.js': { file: 'attack.js', type: 'text/javascript; charset=utf-8' },
};

export interface Attacker {
  port: number;
  close(): Promise<void>;
}

export async function startAttacker(): Promise<Attacker> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://attacker').pathname;
    const entry = FILES[path];
    if (request.method !== 'GET' || entry === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    readFile(`${EXPERIMENT_PAGES}${entry.file}`).then(
      (content) => response.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' }).end(content),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('missing page'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
