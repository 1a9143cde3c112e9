#!/usr/bin/env node
// The command line runs the built add-on (dist/Code.js) and its own build (build/local/cli.mjs).
// `npm install` builds both; when an install skipped its scripts, the first run builds them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../build/local/cli.mjs', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/Code.js', import.meta.url));
if (!existsSync(cli) || !existsSync(bundle)) {
  const build = spawnSync(process.execPath, ['build.mjs', '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !existsSync(cli)) {
    console.error('contact-enrich: the tool is not built and building it failed; run `npm install` in its folder.');
    process.exit(1);
  }
}
await import(new URL('../build/local/cli.mjs', import.meta.url).href);
