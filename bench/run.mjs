// Bundles the TypeScript benchmarks for Node and runs them. `npm run bench` builds dist/ first.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'build', 'bench.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'main.ts')],
  bundle: true,
  outfile,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
