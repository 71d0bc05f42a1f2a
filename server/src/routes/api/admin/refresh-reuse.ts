/**
 * GET /api/admin/refresh-reuse: the refresh families that reuse detection ended, newest first (teachers only).
 *
 * Each one is a sign-in whose refresh token came back after it had been rotated: a copy was in someone else's
 * hands. The server revoked the family on its own (sessions/kinds/refresh.ts); this list is how a teacher
 * learns it happened, and to whom. The rows are the session table's own, marked `reuse`: nothing extra is kept.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import { API_PATHS, refreshReuseResponseSchema } from '@session-lab/shared';
import { errorResponses } from '../../../plugins/errors.js';

/** The most incidents the page shows; the audit keeps the rest. */
const INCIDENT_LIMIT = 50;

const iso = (ms: number) => new Date(ms).toISOString();

const refreshReuse: RoutePlugin = async (fastify) => {
  fastify.get(
    API_PATHS.adminRefreshReuse,
    {
      onRequest: [fastify.authenticate, fastify.requireRole('teacher')],
      schema: { response: { 200: refreshReuseResponseSchema, ...errorResponses(401, 403, 500) } },
    },
    async () => {
      const families = await fastify.sessionStore.listRevoked('reuse', INCIDENT_LIMIT);
      return {
        incidents: families.map((family) => ({
          id: family.id,
          username: family.username,
          createdAt: iso(family.createdAt),
          lastSeenAt: iso(family.lastSeenAt),
          detectedAt: iso(family.revokedAt ?? family.lastSeenAt),
          ip: family.ip,
          userAgent: family.userAgent,
        })),
      };
    },
  );
};

export default refreshReuse;
