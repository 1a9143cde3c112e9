#!/usr/bin/env node
// The command line is built with the add-on (npm install runs the build); see src/local/cli.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../build/local/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  console.error('contact-enrich: the tool is not built yet; run `npm run build` in its folder first.');
  process.exit(1);
}
await import(cli);
