/**
 * The comparison page's experiments (see server/src/experiments/README.md).
 *
 * - GET /api/experiments: what they run against (the configured store, whether JWT_SECRET is shared).
 * - POST /api/experiments/:row/:kind: runs one experiment and answers what it measured, with the evidence.
 *   POST, because an experiment does things: it starts instances and signs in and out. A cookie session needs
 *   its CSRF token here like on any other state change.
 *
 * Safe to expose to every signed-in user, because the work is bounded: the row and kind are checked against
 * their lists before anything runs (400 otherwise), at most two experiments run at once on the whole server
 * with a short queue behind them (503 EXPERIMENT_FAILED beyond it, with Retry-After), each request inside an
 * experiment gives up after a few seconds, and every instance an experiment starts is stopped when it ends,
 * whatever happened. An experiment that cannot finish answers 503 EXPERIMENT_FAILED, never a 500.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  browserJobParamsSchema,
  browserReportBodySchema,
  browserRunBodySchema,
  browserRunCreatedSchema,
  browserRunIdParamsSchema,
  browserRunJobsSchema,
  browserRunResultsSchema,
  ErrorCode,
  EXPERIMENT_PATHS,
  experimentParamsSchema,
  experimentResultSchema,
  experimentsInfoSchema,
  type ExperimentHttpStep,
} from '@session-lab/shared';
import { startAttacker, EXPERIMENT_PAGES, type Attacker } from '../../experiments/attacker.js';
import { BrowserRuns, jobKey, resultOf, type BrowserRow, type PageReport } from '../../experiments/browser-runs.js';
import { readServerTiming } from '../../experiments/client.js';
import { redactBody, redactHeader } from '../../experiments/redact.js';
import type { Config } from '../../config.js';
import type { BuildInstance } from '../../experiments/lab.js';
import { runExperiment } from '../../experiments/experiments.js';
import { errorBody, errorResponses } from '../../plugins/errors.js';
import { WorkQueue } from '../../work-queue.js';
import type { RoutePluginWith } from '../route-plugin.js';

/** Experiments running at once on the whole server, and how many may wait: a 2-core classroom machine. */
export const EXPERIMENTS_RUNNING = 2;
export const EXPERIMENTS_WAITING = 4;

const experimentsReplaySchema = {
  type: 'object',
  properties: { username: { type: 'string' } },
  required: ['username'],
  additionalProperties: false,
} as const;

/** A JSON text with every secret field shortened; anything that is not JSON is kept as it is. */
function safeJson(text: string): string {
  try {
    return JSON.stringify(redactBody(JSON.parse(text)));
  } catch {
    return text;
  }
}

const NO_SUCH_RUN = errorBody(404, ErrorCode.NOT_FOUND, 'No experiment window with this id (it may have finished more than two minutes ago).');

/**
 * The other loopback name for the experiment window, or undefined when the lab is not reached on one: a
 * separate cookie jar needs a second name for the same server, and only the loopback names come for free.
 */
export function otherLoopbackHost(hostHeader: string | undefined): { host: string; port: string } | undefined {
  let url: URL;
  try {
    url = new URL(`http://${hostHeader ?? ''}`);
  } catch {
    return undefined;
  }
  const other = url.hostname === '127.0.0.1' ? 'localhost' : url.hostname === 'localhost' ? '127.0.0.1' : undefined;
  return other === undefined ? undefined : { host: other, port: url.port || '80' };
}

/** The experiment window's pages: the only files this route serves, from a fixed list. */
const PAGES: Record<string, string> = {
  'run.html': 'text/html; charset=utf-8',
  'run.js': 'text/javascript; charset=utf-8',
  'injected.js': 'text/javascript; charset=utf-8',
};

/** A request as the server received it, for the evidence (credentials shortened like everything else). */
function asReceived(request: FastifyRequest, from: ExperimentHttpStep['from'], status: number, serverTiming: string, body: string): ExperimentHttpStep {
  const shown = ['origin', 'sec-fetch-site', 'sec-fetch-mode', 'authorization', 'cookie', 'x-csrf-token'];
  const headers: Array<[string, string]> = [];
  let sessionBytes = 0;
  let requestBytes = Buffer.byteLength(`${request.method} ${request.url} HTTP/1.1\r\n\r\n`);
  for (const [name, value] of Object.entries(request.headers)) {
    const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
    requestBytes += Buffer.byteLength(`${name}: ${text}\r\n`);
    if (name === 'authorization' || name === 'cookie' || name === 'x-csrf-token') sessionBytes += Buffer.byteLength(`${name}: ${text}\r\n`);
    if (shown.includes(name)) headers.push([name, redactHeader(name, text)]);
  }
  let shownBody = body;
  try {
    shownBody = JSON.stringify(redactBody(JSON.parse(body)));
  } catch {
    // Not JSON: shown as it is.
  }
  return {
    type: 'http',
    from,
    to: 'server',
    method: request.method,
    path: request.url,
    requestHeaders: headers,
    status,
    responseHeaders: serverTiming === '' ? [] : [['server-timing', serverTiming]],
    responseBody: shownBody.slice(0, 4000),
    requestBytes,
    sessionBytes,
    server: readServerTiming(serverTiming),
  };
}

export interface ExperimentsOptions extends Record<string, unknown> {
  config: Config;
  build: BuildInstance;
}

const experiments: RoutePluginWith<ExperimentsOptions> = async (fastify, { config, build }) => {
  const queue = new WorkQueue(EXPERIMENTS_RUNNING, EXPERIMENTS_WAITING, 300);
  const browserRuns = new BrowserRuns();
  // The attacker's server starts with the first window that needs it and stops with the app.
  let attacker: Promise<Attacker> | undefined;
  fastify.addHook('onClose', async () => {
    if (attacker !== undefined) await (await attacker.catch(() => undefined))?.close();
  });

  fastify.get(
    EXPERIMENT_PATHS.info,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: experimentsInfoSchema, ...errorResponses(401, 500) } },
    },
    async () => ({ store: config.sessions.store, secretShared: !config.jwtSecretGenerated }),
  );

  fastify.post(
    EXPERIMENT_PATHS.run,
    {
      onRequest: fastify.authenticate,
      schema: {
        params: experimentParamsSchema,
        response: { 200: experimentResultSchema, ...errorResponses(400, 401, 403, 500, 503) },
      },
    },
    async (request, reply) => {
      const { row, kind } = request.params;
      const running = queue.tryRun(() => runExperiment(build, config, row, kind));
      if (running === undefined) {
        return reply
          .header('retry-after', String(queue.retryAfterSeconds()))
          .code(503)
          .send(errorBody(503, ErrorCode.EXPERIMENT_FAILED, 'Too many experiments are running right now. Try again in a moment.'));
      }
      try {
        return await running;
      } catch (error) {
        request.log.warn({ err: error, row, kind }, 'experiment could not finish');
        return reply
          .header('retry-after', '1')
          .code(503)
          .send(errorBody(503, ErrorCode.EXPERIMENT_FAILED, 'The experiment could not finish (an instance it started did not answer). Run it again.'));
      }
    },
  );

  fastify.post(
    EXPERIMENT_PATHS.browserRuns,
    {
      onRequest: fastify.authenticate,
      schema: { body: browserRunBodySchema, response: { 200: browserRunCreatedSchema, ...errorResponses(400, 401, 403, 500) } },
    },
    async (request, reply) => {
      const other = otherLoopbackHost(request.headers.host);
      if (other === undefined) {
        return reply
          .code(400)
          .send(errorBody(400, ErrorCode.BAD_REQUEST, 'The browser experiments need the lab at 127.0.0.1 or localhost: their window uses the other name for a cookie jar of its own.'));
      }
      attacker ??= startAttacker();
      const { port } = await attacker;
      const run = browserRuns.create(request.user.signInId, request.body.jobs, `http://${other.host}:${port}`);
      return { runId: run.id, pageUrl: `http://${other.host}:${other.port}/experiments/run.html?run=${run.id}` };
    },
  );

  // The window's own calls carry no session of the visitor's (it runs on another host name): the run's id,
  // 128 random bits handed only to the visitor who made it, is what lets them in.
  fastify.get(
    EXPERIMENT_PATHS.browserRunJobs,
    { schema: { params: browserRunIdParamsSchema, response: { 200: browserRunJobsSchema, ...errorResponses(400, 404) } } },
    async (request, reply) => {
      const run = browserRuns.get(request.params.id);
      if (run === undefined) return reply.code(404).send(NO_SUCH_RUN);
      return { jobs: run.jobs, attackerOrigin: run.attackerOrigin };
    },
  );

  fastify.post(
    EXPERIMENT_PATHS.browserRunReport,
    {
      bodyLimit: 64 * 1024,
      schema: { params: browserRunIdParamsSchema, body: browserReportBodySchema, response: { 204: { type: 'null' }, ...errorResponses(400, 404, 413, 415) } },
    },
    async (request, reply) => {
      const run = browserRuns.get(request.params.id);
      const { row, kind } = request.body;
      if (run === undefined || !run.jobs.some((job) => job.row === row && job.kind === kind)) return reply.code(404).send(NO_SUCH_RUN);
      const report: PageReport = {
        ...request.body,
        steps: request.body.steps.map((step) => ({
          ...step,
          requestHeaders: step.requestHeaders.map(([name, value]) => [name!, redactHeader(name!, value!)] as [string, string]),
          requestBody: step.requestBody === undefined ? undefined : safeJson(step.requestBody),
          responseHeaders: step.responseHeaders.map(([name, value]) => [name!, value!] as [string, string]),
          responseBody: safeJson(step.responseBody),
          requestBytes: 0,
          sessionBytes: 0,
          server: readServerTiming(step.responseHeaders.find(([name]) => name === 'server-timing')?.[1]),
        })),
      };
      for (const step of report.steps) if (step.requestBody === undefined) delete step.requestBody;
      run.results.set(jobKey(row, kind), resultOf(run, report, config.sessions.store));
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    EXPERIMENT_PATHS.browserRun,
    {
      onRequest: fastify.authenticate,
      schema: { params: browserRunIdParamsSchema, response: { 200: browserRunResultsSchema, ...errorResponses(400, 401, 404, 500) } },
    },
    async (request, reply) => {
      const run = browserRuns.get(request.params.id);
      // Someone else's run answers like one that does not exist.
      if (run === undefined || run.owner !== request.user.signInId) return reply.code(404).send(NO_SUCH_RUN);
      return { done: run.results.size === run.jobs.length, results: [...run.results.values()] };
    },
  );

  /** Records, for a job of a run, the request as it arrived and the answer as it left. */
  const recordFor = (row: BrowserRow, from: ExperimentHttpStep['from']) =>
    async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const { id, kind } = request.params as { id: string; kind: 'bearer' };
      const timing = reply.getHeader('server-timing');
      browserRuns.record(id, { row, kind }, asReceived(request, from, reply.statusCode, typeof timing === 'string' ? timing : '', typeof payload === 'string' ? payload : ''));
      return payload;
    };

  // The CSRF target: an ordinary state-changing route behind `authenticate` (and so behind the CSRF check of
  // the cookie kinds). If an attack ever got through, it would do what an attacker wants: end the session.
  fastify.post(
    EXPERIMENT_PATHS.browserRunCsrfTarget,
    {
      onRequest: fastify.authenticate,
      onSend: recordFor('csrf', 'attacker'),
      schema: { params: browserJobParamsSchema, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 500) } },
    },
    async (request, reply) => {
      if (request.user.sessionId !== null) {
        await fastify.sessionStore.revoke(request.user.sessionId, { at: fastify.sessionClock(), by: request.user.username, reason: 'logout' });
      }
      return reply.code(204).send(null);
    },
  );

  // Where the injected script replays a value it read: if the server takes it as a session, the value was one.
  fastify.get(
    EXPERIMENT_PATHS.browserRunXssReplay,
    {
      onRequest: fastify.authenticate,
      onSend: recordFor('xss', 'browser'),
      schema: { params: browserJobParamsSchema, response: { 200: experimentsReplaySchema, ...errorResponses(400, 401, 500) } },
    },
    async (request) => ({ username: request.user.username }),
  );

  // The window's pages. Their Content-Security-Policy is the app's, plus one thing: run.html may frame the
  // attacker's page (frame-src), which the CSRF experiment needs. Nothing frames run.html itself.
  fastify.get('/experiments/:file', { schema: { params: { type: 'object', properties: { file: { type: 'string', enum: Object.keys(PAGES) } }, required: ['file'] } } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    const frameSrc = attacker === undefined ? "'none'" : `http://localhost:${(await attacker).port} http://127.0.0.1:${(await attacker).port}`;
    reply.header(
      'content-security-policy',
      `default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-src ${frameSrc}; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'none'`,
    );
    reply.header('cache-control', 'no-store');
    return reply.type(PAGES[file]!).send(await readFile(`${EXPERIMENT_PAGES}${file}`));
  });
};

export default experiments;

