/**
 * Where the project's built files are, whether this code runs from its TypeScript sources
 * (tests) or from the bundles in build/local (command line, preview).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'contact-enrich';

export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project folder (package.json of contact-enrich)');
    dir = parent;
  }
}

export function localToolPath(name: 'cli' | 'preview' | 'openphone-mock' | 'quickbooks-mock'): string {
  const file = path.join(projectRoot(), 'build', 'local', `${name}.mjs`);
  if (!existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} is missing: run npm run build first`);
  return file;
}
