/**
 * Real server processes for the tests that must prove something about several processes: the built server,
 * started with the very command `pnpm start` ends with (`node server/dist/server.js`), each on a free port.
 *
 * Every other server test builds the app in the test's own process from the TypeScript sources, which Vitest
 * compiles on the fly. A child process cannot do that: it runs the compiled JavaScript in server/dist, which a
 * fresh clone does not have and which an edit to the sources leaves behind. So `ensureServerBuilt` compiles
 * first, but only when it has to, since `pnpm test` should stay quick when nothing changed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_ENTRY = join(ROOT, 'server/dist/server.js');

/** The newest modification time of any file under `folder`, 0 when there is none. */
function newestIn(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const mtime = (path: string): number => (existsSync(path) ? statSync(path).mtimeMs : 0);

/**
 * Runs `tsc -b server` (which builds `shared/` first) when server/dist is missing or older than the sources of
 * either project, and does nothing otherwise.
 *
 * Two details of `tsc -b` decide how. It judges staleness by its .tsbuildinfo files, which live beside each
 * tsconfig and not in dist/, so a deleted dist/ looks up to date to it: then the build is forced. And each
 * project's .tsbuildinfo is rewritten whenever that project is rebuilt, so comparing it with the newest
 * source tells whether a build is due without starting the compiler, which costs a second even when it finds
 * nothing to do. A forced build takes some ten seconds on two cores; an incremental one a few.
 */
export async function ensureServerBuilt(): Promise<void> {
  const stale = (project: 'server' | 'shared') =>
    mtime(join(ROOT, project, 'tsconfig.tsbuildinfo')) < Math.max(newestIn(join(ROOT, project, 'src')), mtime(join(ROOT, project, 'tsconfig.json')));
  const missing = !existsSync(SERVER_ENTRY);
  if (!missing && !stale('server') && !stale('shared') && mtime(join(ROOT, 'tsconfig.base.json')) < mtime(SERVER_ENTRY)) return;

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-b', 'server', ...(missing ? ['--force'] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !existsSync(SERVER_ENTRY)) throw new Error(`\`tsc ${args.slice(1).join(' ')}\` failed (exit ${code}):\n${output}`);
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Stops it with SIGTERM, as an operator would, and waits until it has exited. */
  stop(): Promise<void>;
}

/** The line the server logs once it listens (server.ts): the only place a process started on port 0 says its port. */
const READY = /Session Lab is ready at (http:\/\/[^\s]+)/;

/**
 * Starts `node server/dist/server.js` with exactly `env` (plus PATH) on a free port chosen by the system, and
 * resolves once it has logged that it is ready. Rejects with what the process wrote if it exits first or is
 * not ready within `timeoutMs`.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The output is read for as long as the process lives: a pipe nobody reads fills up, and the server would
  // then block on its next log line. Only the last lines are kept, for an error message.
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4_000));
  child.stderr!.on('data', keep);

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    let seen = '';
    let ready = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the server was not ready within ${timeoutMs} ms:\n${tail}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before it was ready:\n${tail}`));
    };
    child.once('exit', onExit);
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (ready) return;
      seen += chunk.toString();
      const match = READY.exec(seen);
      if (match === null) return;
      ready = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ base: match[1]!, stop });
    });
  });
}
