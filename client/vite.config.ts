import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiPort = Number(process.env.PORT ?? 3000);

/**
 * React Router 7 ships a development and a production build, but its package `exports` send every condition
 * to `dist/development` (upstream: remix-run/react-router#14102), so a bundler picks the development build for
 * production too, with its dev-only warnings. The two builds differ in one constant (`ENABLE_DEV_WARNINGS`),
 * so this plugin lets the normal resolution run and then swaps the folder of whatever it found: every entry
 * point (`react-router`, `react-router/dom`) gets its production twin, and the minifier drops the warnings.
 * It applies to `vite build` only: the dev server and the tests keep the development build and its warnings.
 * `pnpm bench` checks the built script for React Router's dev-only sentences.
 */
function reactRouterProductionBuild(): Plugin {
  const development = /([\\/]react-router[\\/]dist[\\/])development([\\/])/;
  return {
    name: 'session-lab:react-router-production-build',
    apply: (_config, { command, mode }) => command === 'build' && mode === 'production',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source !== 'react-router' && !source.startsWith('react-router/')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !development.test(resolved.id)) return resolved;
      return { ...resolved, id: resolved.id.replace(development, '$1production$2') };
    },
  };
}

export default defineConfig({
  plugins: [react(), reactRouterProductionBuild()],
  // The SPA compiles `shared/` from source, so the browser bundle only keeps what it really uses.
  resolve: {
    alias: {
      '@session-lab/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // In development the SPA and the API run as two processes; the proxy keeps them on one origin,
    // exactly as `pnpm start` serves them, so no CORS opening is ever needed.
    // `/experiments` is the comparison page's experiment window (server/experiment-pages), served by the API.
    proxy: { '/api': `http://127.0.0.1:${apiPort}`, '/experiments': `http://127.0.0.1:${apiPort}` },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Every browser this demo targets supports <link rel="modulepreload">, so Vite's polyfill for it is dead weight.
    modulePreload: { polyfill: false },
  },
});
