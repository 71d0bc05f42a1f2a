/**
 * GET /api/health: answers as soon as the server accepts requests. Scripts (`pnpm start`, the end-to-end
 * tests, the benchmark) poll it to know the server is up. It needs no token and reveals nothing.
 */
import type { RoutePlugin } from '../route-plugin.js';
import { API_PATHS, healthResponseSchema } from '@session-lab/shared';
import { errorResponses } from '../../plugins/errors.js';

const health: RoutePlugin = async (fastify) => {
  fastify.get(API_PATHS.health, { schema: { response: { 200: healthResponseSchema, ...errorResponses(500) } } }, async () => ({
    status: 'ok' as const,
  }));
};

export default health;
