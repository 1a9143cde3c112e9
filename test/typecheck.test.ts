// Strict TypeScript is part of the suite: the add-on's code (no Node or DOM types, as in Apps
// Script) and the Node side (emulator, tools, sidebar, tests) must both compile cleanly.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('typecheck', () => {
  it.each(['tsconfig.json', 'tsconfig.node.json'])('%s compiles without errors', (config) => {
    const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', config], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
