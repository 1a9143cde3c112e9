// The project's test command: runs every vitest suite and ends with the plain summary line
// `N passed, N failed` that CI reads. A run that executes no test fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.test-results.json';
rmSync(results, { force: true });
const vitest = 'node_modules/vitest/vitest.mjs';
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let report;
try {
  report = JSON.parse(readFileSync(results, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error('the test run produced no results');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that failed to load has no tests of its own to count: count it once.
const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (passed + failed === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
