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

/**
 * axios picks the first adapter that works from `['xhr', 'http', 'fetch']`; in a browser that is always
 * XMLHttpRequest, and nothing in this SPA asks for another, so its fetch adapter (about 4 KB of a first visit,
 * gzipped) is never run. axios cannot leave it out by itself, so this plugin gives its module a stand-in that
 * says "not available in the build", the same way axios's own browser build stands in for the Node `http`
 * adapter: if anything ever asked for `adapter: 'fetch'`, axios would throw that sentence instead of silently
 * doing something else. The build stops if axios has moved the file, rather than quietly shipping it again.
 */
function axiosWithoutFetchAdapter(): Plugin {
  const fetchAdapter = /[\\/]axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/;
  const standIn = '\0session-lab:axios-fetch-adapter-left-out';
  let replaced = false;
  return {
    name: 'session-lab:axios-without-fetch-adapter',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/[\\/]axios[\\/]lib[\\/]/.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !fetchAdapter.test(resolved.id)) return resolved;
      replaced = true;
      return standIn;
    },
    load(id) {
      // axios reads `getFetch(config)` to decide whether the fetch adapter can run; null means "not in this build".
      return id === standIn ? 'export const getFetch = () => null;\nexport default null;\n' : null;
    },
    buildEnd(error) {
      if (!error && !replaced) this.error('axios/lib/adapters/fetch.js was not found: check axiosWithoutFetchAdapter in vite.config.ts.');
    },
  };
}

export default defineConfig({
  plugins: [react(), reactRouterProductionBuild(), axiosWithoutFetchAdapter()],
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
    // Public on purpose: students step through the very code they read, in DevTools, with real file names in
    // stack traces. A browser fetches a map only when DevTools is open, the first-visit figure of `pnpm bench`
    // counts .js files only, and the SPA holds no secret (docs/PERFORMANCE.md, "Source maps stay public").
    sourcemap: true,
    // Every browser this demo targets supports <link rel="modulepreload">, so Vite's polyfill for it is dead weight.
    modulePreload: { polyfill: false },
  },
});
