import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  plugins: [react()],
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
