// The tree passes the linter and the formatter's check (`npm run lint`), as part of `npm test`.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(bin: string, args: string[]): string {
  try {
    execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`.trim();
  }
}

describe('lint', () => {
  it('ESLint finds no problem', () => {
    expect(run('node_modules/eslint/bin/eslint.js', ['.'])).toBe('');
  });

  it('Prettier finds every file formatted', () => {
    expect(run('node_modules/prettier/bin/prettier.cjs', ['--check', '.', '--log-level', 'warn'])).toBe('');
  });
});
