// `contact-enrich push` as a user runs it: a real process against the OpenPhone mock, killed
// with SIGKILL at random moments while 5% of answers are server errors and 3% are lost, then run
// again until it finishes: exactly one OpenPhone contact per Contacts row.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayValues, loadWorkbook } from '../../src/local/emulator';
import { random } from '../../src/local/openphone-mock/fixtures';
import { startOpenPhoneMock, type MockHandle } from '../../src/local/openphone-mock/launch';
import { peopleCsv, phoneOf } from '../fixtures/push';
import { BIN, cliEnv, runCliIn, userPropertiesFile } from '../fixtures/cli';

let dir: string;
let mock: MockHandle;
let env: Record<string, string>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-push-'));
  mock = await startOpenPhoneMock({ conversations: 0 });
  env = { OPENPHONE_API_BASE: mock.url, OPENPHONE_API_KEY: mock.apiKey };
});
afterEach(async () => {
  await mock.stop();
});

const cli = (args: string[], extra: Record<string, string> = {}) => runCliIn(dir, args, extra);

async function matched(n: number): Promise<void> {
  writeFileSync(path.join(dir, 'conversations.csv'), `Phone\n${Array.from({ length: n }, (_, i) => phoneOf(i)).join('\n')}\n`);
  writeFileSync(path.join(dir, 'people.csv'), peopleCsv(n));
  expect((await cli(['conversations', 'w.xlsx', 'conversations.csv'])).code).toBe(0);
  expect((await cli(['import', 'w.xlsx', 'people.csv', '--type', 'csv'])).code).toBe(0);
  expect((await cli(['match', 'w.xlsx'])).code).toBe(0);
}

async function contactsRows(): Promise<Array<Record<string, string>>> {
  const workbook = await loadWorkbook(path.join(dir, 'w.xlsx'));
  const [header = [], ...rows] = displayValues(workbook.sheets.find((s) => s.name === 'Contacts')!);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

describe('contact-enrich push', () => {
  it('--dry-run prints the plan and sends nothing; push prints one summary line', async () => {
    await matched(12);
    const dry = await cli(['push', 'w.xlsx', '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe('Dry run: 12 to create, 0 to update, 0 unchanged. Nothing was sent to OpenPhone.');
    expect(dry.stdout).toContain('API calls, about 2 s at 10 requests a second');
    expect(await mock.contacts()).toEqual([]);
    const pushed = await cli(['push', 'w.xlsx'], env);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout.trim()).toMatch(
      /^Pushed to OpenPhone: 12 created, 0 linked, 0 updated, 0 unchanged, 0 skipped, 0 errors in \d+ s\.$/,
    );
    expect((await mock.contacts()).length).toBe(12);
    const report = JSON.parse((await cli(['report', 'w.xlsx', '--json'])).stdout);
    expect(report).toMatchObject({ pushed: 12, duplicateContacts: 0 });
    const again = await cli(['push', 'w.xlsx'], env);
    expect(again.stdout.trim()).toMatch(
      /^Pushed to OpenPhone: 0 created, 0 linked, 0 updated, 12 unchanged, 0 skipped, 0 errors in \d+ s\.$/,
    );
    // The key is never written into the workbook.
    const all = JSON.stringify((await loadWorkbook(path.join(dir, 'w.xlsx'))).sheets.map((s) => displayValues(s)));
    expect(all).not.toContain(mock.apiKey);
  });

  it("keeps the day's UrlFetch count between runs in a file only the user can read, and never the key", async () => {
    await matched(12);
    const file = userPropertiesFile(dir);
    expect((await cli(['push', 'w.xlsx'], env)).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const usedAfter = () => (JSON.parse(JSON.parse(readFileSync(file, 'utf8'))['push.urlFetchToday']) as { used: number }).used;
    const first = usedAfter();
    expect(first).toBeGreaterThanOrEqual(12);
    expect(readFileSync(file, 'utf8')).not.toContain(mock.apiKey);
    expect((await cli(['push', 'w.xlsx'], env)).code).toBe(0);
    // The second run's look-ups are added to the first run's count, not counted from zero.
    expect(usedAfter()).toBeGreaterThan(first);

    chmodSync(file, 0o644);
    const refused = await cli(['push', 'w.xlsx'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `contact-enrich: ${file} can be read by other users; it holds secrets. Make it private (chmod 600 "${file}") and run the command again.`,
    );
  });

  it('says plainly when the key is missing or refused', async () => {
    await matched(2);
    const none = await cli(['push', 'w.xlsx'], { OPENPHONE_API_BASE: mock.url, OPENPHONE_API_KEY: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('push: set OPENPHONE_API_KEY');
    const wrong = await cli(['push', 'w.xlsx'], { ...env, OPENPHONE_API_KEY: 'nope-123' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(
      'contact-enrich: push: OpenPhone refused the API key (401 Unauthorized): copy it again from OpenPhone → Settings → API.',
    );
    expect(wrong.stderr).not.toContain('nope-123');
  });

  it('killed with SIGKILL at random moments, with server errors and lost answers, ends with one contact per row', async () => {
    await matched(150);
    await mock.setFaults({ serverErrorRate: 0.05, lostAnswerRate: 0.03, seed: 5 });
    const rand = random(77);
    let kills = 0;
    let finished = false;
    for (let attempt = 0; attempt < 12 && !finished; attempt++) {
      const child = spawn(process.execPath, [BIN, 'push', 'w.xlsx'], {
        cwd: dir,
        env: cliEnv(dir, env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const killAfter = attempt < 4 ? 1500 + rand() * 6000 : Infinity;
      const timer = Number.isFinite(killAfter) ? setTimeout(() => child.kill('SIGKILL'), killAfter) : undefined;
      const code = await exited;
      clearTimeout(timer);
      if (code === 0) finished = true;
      else if (code === null) kills++;
      else throw new Error(`push failed: ${stderr}`);
    }
    expect(finished).toBe(true);
    expect(kills).toBeGreaterThan(1);
    const rows = await contactsRows();
    const contacts = await mock.contacts();
    expect(contacts.length).toBe(150);
    const byExternal = new Map(contacts.map((c) => [c.externalId, c]));
    expect(byExternal.size).toBe(150);
    for (const row of rows) expect(byExternal.get(row['Contact ID']!)?.id).toBe(row['OpenPhone ID']);
    const stats = await mock.stats();
    expect(stats.serverErrors + stats.lostAnswers).toBeGreaterThan(0);
  }, 180_000);
});
