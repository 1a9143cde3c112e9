// The command line as a user runs it: a real process, a real workbook file.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startOpenPhoneMock } from '../../src/local/openphone-mock/launch';
import { conversationsCsv } from '../fixtures/conversations';
import { runCliIn } from '../fixtures/cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
});

const cli = (args: string[], env: Record<string, string> = {}) => runCliIn(dir, args, env);

describe('contact-enrich', () => {
  it('imports a conversations CSV and exports one E.164 text phone per distinct number', async () => {
    writeFileSync(
      path.join(dir, 'conversations.csv'),
      'Conversation ID,Phone\nCN1,(617) 555-0123\nCN2,617.555.0123\nCN3,508-555-0144\nCN4,16175550199\n',
    );
    const imported = await cli(['conversations', 'w.xlsx', 'conversations.csv']);
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim()).toBe('Conversations: 3 phone numbers from conversations.csv (4 rows read, 1 duplicates collapsed).');
    const exported = await cli(['export', 'w.xlsx', 'out']);
    expect(exported.code).toBe(0);
    expect(readFileSync(path.join(dir, 'out', 'Conversations.csv'), 'utf8')).toBe(
      'Phone,Conversation ID\r\n+16175550123,"CN1, CN2"\r\n+15085550144,CN3\r\n+16175550199,CN4\r\n',
    );
  });

  it('pages through 7,000 conversations from the OpenPhone mock without a single 429', async () => {
    const mock = await startOpenPhoneMock({ conversations: 7000 });
    try {
      const r = await cli(['conversations', 'w.xlsx', '--from-openphone'], {
        OPENPHONE_API_BASE: mock.url,
        OPENPHONE_API_KEY: mock.apiKey,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const stats = await mock.stats();
      expect(stats.rateLimited).toBe(0);
      expect(stats.byRoute['GET /v1/conversations']).toBe(70);
      const report = JSON.parse((await cli(['report', 'w.xlsx', '--json'])).stdout);
      const distinct = Number(/Conversations: (\d+) phone numbers from OpenPhone \(7000 rows read/.exec(r.stdout)?.[1]);
      expect(distinct).toBeGreaterThan(6500);
      expect(report.conversations).toBe(distinct);
    } finally {
      await mock.stop();
    }
  });

  it('reports the verification figures as one JSON object', async () => {
    writeFileSync(path.join(dir, 'c.csv'), conversationsCsv(50, 3));
    await cli(['conversations', 'w.xlsx', 'c.csv']);
    const r = await cli(['report', 'w.xlsx', '--json']);
    const report = JSON.parse(r.stdout);
    for (const key of [
      'conversations',
      'contacts',
      'conversationsNamed',
      'conversationsWithEmail',
      'quickbooksCustomers',
      'quickbooksMatched',
      'conflictsPending',
      'unmapped',
      'pushed',
      'duplicateContacts',
    ]) {
      expect(report, key).toHaveProperty(key);
    }
    expect(report.conversations).toBeGreaterThan(40);
    expect(report.unmapped).toBe(report.conversations);
  });

  it('rejects a wrong API key with a clear message and leaves the workbook as it was', async () => {
    const mock = await startOpenPhoneMock({ conversations: 10 });
    try {
      writeFileSync(path.join(dir, 'c.csv'), 'phone\n617-555-0101\n');
      await cli(['conversations', 'w.xlsx', 'c.csv']);
      const before = readFileSync(path.join(dir, 'w.xlsx'));
      const r = await cli(['conversations', 'w.xlsx', '--from-openphone'], {
        OPENPHONE_API_BASE: mock.url,
        OPENPHONE_API_KEY: 'wrong-key',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('OpenPhone rejected the API key (401');
      expect(r.stderr).not.toContain('wrong-key');
      expect(readFileSync(path.join(dir, 'w.xlsx')).equals(before)).toBe(true);
    } finally {
      await mock.stop();
    }
  });

  it('names the file on bad input and changes nothing', async () => {
    writeFileSync(path.join(dir, 'good.csv'), 'phone\n617-555-0101\n');
    await cli(['conversations', 'w.xlsx', 'good.csv']);
    const mtime = statSync(path.join(dir, 'w.xlsx')).mtimeMs;
    writeFileSync(path.join(dir, 'names.csv'), 'name,email\nAnn,a@example.com\n');
    const r = await cli(['conversations', 'w.xlsx', 'names.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('names.csv: no phone column found');
    expect(statSync(path.join(dir, 'w.xlsx')).mtimeMs).toBe(mtime);
    expect(readdirTemp()).toEqual([]);
  });

  it('imports source files and recognises one imported twice', async () => {
    const samples = path.resolve('src/local/demo/samples');
    const r = await cli(['import', 'w.xlsx', `${samples}/propertyradar.csv`, `${samples}/quickbooks-desktop-customers.csv`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'propertyradar.csv: PropertyRadar, 3 records (2 with a phone, 5 phones, 1 title/footer rows skipped) → sheet "propertyradar".',
    );
    const again = await cli(['import', 'w.xlsx', `${samples}/propertyradar.csv`]);
    expect(again.stdout).toContain('already imported as sheet "propertyradar"');
    const typed = await cli(['import', 'w.xlsx', `${samples}/openphone-contacts.csv`, '--type', 'csv']);
    expect(typed.stdout).toContain('openphone-contacts.csv: Other CSV, 3 records');
  });

  it('matches, then reports the figures the sheets hold', async () => {
    const samples = path.resolve('src/local/demo/samples');
    await cli(['import', 'w.xlsx', `${samples}/propertyradar.csv`, `${samples}/quickbooks-online-customers.csv`]);
    const early = await cli(['match', 'w.xlsx']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('Import the conversations first');
    writeFileSync(path.join(dir, 'c.csv'), 'Phone\n617-555-0101\n617-555-0103\n617-555-0111\n617-555-0199\n');
    await cli(['conversations', 'w.xlsx', 'c.csv']);
    const r = await cli(['match', 'w.xlsx']);
    expect(r.code).toBe(0);
    // John Sample is in both files with the same email: one contact with both of his phones.
    expect(r.stdout.trim()).toBe(
      'Matched 4 conversation phones: 3 applied automatically, 0 conflicts to review, 1 with no match; 2 contacts.',
    );
    const report = JSON.parse((await cli(['report', 'w.xlsx', '--json'])).stdout);
    expect(report).toMatchObject({
      conversations: 4,
      contacts: 2,
      conversationsNamed: 3,
      unmapped: 1,
      quickbooksMatched: 1,
      conflictsPending: 0,
    });
    await cli(['export', 'w.xlsx', 'out']);
    const contacts = readFileSync(path.join(dir, 'out', 'Contacts.csv'), 'utf8');
    expect(contacts.split('\r\n')[0]).toMatch(/^Contact ID,Phones,First Name,Last Name,Company,Emails,Address,Sources,Status,OpenPhone ID/);
    expect(contacts).toContain(
      ',"+16175550101, +16175550111",John,Sample,,john.sample@example.com,"12 Example St, Quincy, MA 02169","propertyradar.csv, quickbooks-online-customers.csv",auto,',
    );
  });

  it('refuses an unknown command plainly and creates no workbook', async () => {
    const r = await cli(['merge-everything', 'w.xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "merge-everything"');
    expect(existsSync(path.join(dir, 'w.xlsx'))).toBe(false);
  });

  it('resolves every pending conflict with its recommendation, keeps it through a new match, and undoes it', async () => {
    writeFileSync(path.join(dir, 'leads.csv'), 'Name,Phone\nJohn Smith,617-555-0101\nJane Smith,617-555-0101\nAnn Lee,617-555-0102\n');
    writeFileSync(path.join(dir, 'c.csv'), 'Phone\n617-555-0101\n617-555-0102\n');
    await cli(['import', 'w.xlsx', 'leads.csv']);
    await cli(['conversations', 'w.xlsx', 'c.csv']);
    expect((await cli(['match', 'w.xlsx'])).stdout).toContain('1 conflicts to review');
    const bare = await cli(['resolve', 'w.xlsx']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('resolve: give exactly one of --accept-recommended, --apply, --undo-last.');
    const accepted = await cli(['resolve', 'w.xlsx', '--accept-recommended']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout.trim()).toBe('Accepted the recommendation for 1 conflicts; 0 still pending.');
    expect(JSON.parse((await cli(['report', 'w.xlsx', '--json'])).stdout)).toMatchObject({ conflictsPending: 0, conversationsNamed: 2 });
    expect((await cli(['match', 'w.xlsx'])).stdout).toContain(
      '0 conflicts to review, 0 with no match; 2 contacts; 1 earlier decisions kept.',
    );
    await cli(['export', 'w.xlsx', 'out']);
    expect(readFileSync(path.join(dir, 'out', 'Decision Log.csv'), 'utf8')).toContain('(recommendation accepted)');
    const undone = await cli(['resolve', 'w.xlsx', '--undo-last']);
    expect(undone.stdout.trim()).toBe('Undid the decision for +16175550101: 1 conflict back to pending.');
    const nothing = await cli(['resolve', 'w.xlsx', '--undo-last']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('There is nothing to undo');
  });
});

function readdirTemp(): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}
