import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Tests read `shared/` from its TypeScript source, so `pnpm test` needs no build step first.
const shared = fileURLToPath(new URL('./shared/src/index.ts', import.meta.url));

// One run, two environments: the server's tests run in Node, the client's in jsdom.
export default defineConfig({
  resolve: { alias: { '@session-lab/shared': shared } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts'],
          // Starts a throwaway redis-server for the Redis suites when one is installed (or uses REDIS_URL).
          globalSetup: ['server/test/redis/global-setup.ts'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'client',
          environment: 'jsdom',
          include: ['client/src/**/*.test.{ts,tsx}'],
          setupFiles: ['client/src/test/setup.ts'],
          // A test that renders the whole app, downloads a few page chunks and signs in can take seconds on a busy
          // 2-core machine; the bound must stay above Testing Library's own (client/src/test/setup.ts).
          testTimeout: 20_000,
        },
      },
    ],
  },
});
