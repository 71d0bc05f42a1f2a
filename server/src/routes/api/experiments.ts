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
import {
  ErrorCode,
  EXPERIMENT_PATHS,
  experimentParamsSchema,
  experimentResultSchema,
  experimentsInfoSchema,
} from '@session-lab/shared';
import type { Config } from '../../config.js';
import type { BuildInstance } from '../../experiments/lab.js';
import { runExperiment } from '../../experiments/experiments.js';
import { errorBody, errorResponses } from '../../plugins/errors.js';
import { WorkQueue } from '../../work-queue.js';
import type { RoutePluginWith } from '../route-plugin.js';

/** Experiments running at once on the whole server, and how many may wait: a 2-core classroom machine. */
export const EXPERIMENTS_RUNNING = 2;
export const EXPERIMENTS_WAITING = 4;

export interface ExperimentsOptions extends Record<string, unknown> {
  config: Config;
  build: BuildInstance;
}

const experiments: RoutePluginWith<ExperimentsOptions> = async (fastify, { config, build }) => {
  const queue = new WorkQueue(EXPERIMENTS_RUNNING, EXPERIMENTS_WAITING, 300);

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
};

export default experiments;
