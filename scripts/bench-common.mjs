// Helpers the `pnpm bench…` scripts share: the statistics they report, how they sign in, and a throwaway
// redis-server for the Redis rows.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The value below which a share `q` of the values lie, by linear interpolation between the nearest two. */
export const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (at - below);
};

export const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The Redis the Redis rows use: REDIS_URL when it is set, otherwise a redis-server of our own on `port` with
 * nothing saved to disk, or undefined when redis-server is not installed. The caller stops `process`.
 */
export async function startRedis(port) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL };
  if (!existsSync('/usr/bin/redis-server')) return undefined;
  const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    // A raw PING over TCP: the root package has no Redis client of its own, and this needs none.
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return { url: `redis://127.0.0.1:${port}`, process: redis };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  redis.kill('SIGTERM');
  throw new Error(`redis-server did not answer on port ${port}`);
}

/**
 * Signs in with `kind` and returns the headers that carry the session on later requests.
 *
 * Each sign-in has a connection of its own, closed with the answer. fetch would keep it open for later use,
 * and the server would close it after its keep-alive timeout (72 s), in the middle of a measurement: closing
 * a socket takes paths through Node's streams that the steady requests never take, V8 throws away the
 * optimised code of those streams (a "wrong map" deoptimisation) and compiles it again, and that lump lands
 * in whichever block or window is being measured at the time.
 */
export function signIn(address, { kind = 'bearer', ttlSeconds = 3600, username = 'student', password = 'student123' } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${address}/api/auth/login`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => {
          if (response.statusCode !== 200) return reject(new Error(`sign-in (${kind}) failed with ${response.statusCode}`));
          const body = JSON.parse(text);
          // A refresh sign-in's access token travels in the Authorization header like a bearer token; its refresh
          // token (a cookie for one route only) is not needed here.
          if (kind === 'bearer' || kind === 'refresh') return resolve({ token: body.token, headers: { authorization: `Bearer ${body.token}` } });
          const cookie = (response.headers['set-cookie'] ?? [])
            .map((line) => line.split(';')[0])
            .filter((pair) => !pair.endsWith('='))
            .join('; ');
          resolve({ headers: { cookie } });
        });
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ username, password, ttlSeconds, kind }));
  });
}
