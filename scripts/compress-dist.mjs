// Runs after `vite build`: writes a gzip and a brotli copy next to every text file of client/dist.
// The server serves them with @fastify/static's `preCompressed` option to browsers that accept them, so a
// first visit downloads the compressed sizes `pnpm bench` reports. Compressing once at build time, at the
// highest levels, costs nothing per request — unlike compressing every response on the fly.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../client/dist', import.meta.url));
const COMPRESSIBLE = /\.(?:js|css|html|svg|json)$/;

function* files(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(name)) yield path;
  }
}

let count = 0;
for (const path of files(dist)) {
  const content = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  count += 1;
}
console.log(`compressed ${count} files in client/dist (.gz and .br)`);
