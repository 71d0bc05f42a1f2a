// `pnpm dev`: the API and the SPA as two processes that both reload on change.
// - tsc watches server/ and shared/ and rebuilds server/dist;
// - node --watch restarts the API whenever server/dist changes;
// - Vite serves the SPA with hot reload and proxies /api to the API (client/vite.config.ts).
// One Ctrl+C stops all three.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  // The API restarts on every rebuild. With a secret generated per start, each restart would invalidate the
  // token in your browser; one random secret for the whole `pnpm dev` run keeps you signed in across them.
  JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
};

// The API needs one complete build before node can start it.
const first = spawnSync(bin('tsc'), ['-b', 'server'], { stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  spawn(bin('tsc'), ['-b', 'server', '--watch', '--preserveWatchOutput'], { stdio: 'inherit', env }),
  spawn(process.execPath, ['--watch-path=server/dist', '--watch-path=shared/dist', 'server/dist/server.js'], { stdio: 'inherit', env }),
  spawn(bin('vite'), ['client'], { stdio: 'inherit', env }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    if (code) {
      stop();
      process.exitCode = code;
    }
  });
}
