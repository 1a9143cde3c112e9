/**
 * Source files through the built sidebar in Chromium, inside the local preview on a new, empty
 * workbook: several files at once, chunks, a lost answer, duplicates, column mapping, bad files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PreviewHandle } from '../../src/local/preview/server';
import { propertyRadarCsv } from '../fixtures/propertyradar';
import { describeWithBrowser, openPreview, type PreviewInBrowser } from './browser';

/** More rows than one chunk of the server (2,000), so the upload takes two. */
const PR_ROWS = 2500;
const QBO = readFileSync('src/local/demo/samples/quickbooks-online-customers.csv', 'utf8');
/** No column the add-on recognises as a phone: the sidebar has to ask. */
const ODD_HEADER = 'Client,Reach me at,E-mail,Notes';
const ODD = [
  ODD_HEADER,
  '"<script>window.__pwned=1</script>",617-555-0141,script@example.com,plain',
  'Formula Person,(617) 555-0142,=HYPERLINK("http://x"),+1 lucky',
  'At Person,617.555.0143,@home,-5',
].join('\n');

describeWithBrowser('source files in the sidebar', () => {
  let preview: PreviewHandle;
  let page: Page;
  let sidebar: FrameLocator;
  let dir: string;

  let opened: PreviewInBrowser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-sources-'));
    opened = await openPreview({ port: 0, workbookPath: path.join(dir, 'new.xlsx') });
    ({ preview, page, sidebar } = opened);
  });

  afterAll(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, content: string | Buffer): string {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  }

  function sheetNames(): string[] {
    return preview.emulator.workbook.sheets.map((s) => s.name);
  }

  const rowsOf = (name: string) => opened.rows(name);
  const waitIdle = () => opened.idle();

  function chosen(name: string) {
    return sidebar.locator(`[data-testid=source-file][data-file-name="${name}"]`);
  }

  async function choose(...paths: string[]): Promise<void> {
    await sidebar.getByTestId('source-files-input').setInputFiles(paths);
    await waitIdle();
  }

  async function importChosen(): Promise<void> {
    await sidebar.getByTestId('source-import').click();
    await waitIdle();
  }

  /**
   * A tab clicked while the page is still loading the previous change is overruled by that
   * load (the page shows the sheet it asked for); clicking again once it settles sticks.
   */
  async function showSheet(name: string): Promise<string> {
    const grid = page.locator(`[data-testid=sheet-grid][data-sheet="${name}"] table`);
    for (let attempt = 0; attempt < 10 && !(await grid.isVisible()); attempt++) {
      await page.locator(`[data-testid=sheet-tab][data-sheet="${name}"]`).click();
      await grid.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await grid.waitFor({ timeout: 1000 });
    return (await page.getByTestId('sheet-grid').textContent()) ?? '';
  }

  async function groupLines(): Promise<string[]> {
    return (await sidebar.getByTestId('source-group-line').allTextContents()).map((t) => t.trim());
  }

  it('imports three files chosen at once, in chunks, surviving a lost answer, and lists them with their counts', async () => {
    expect(await sidebar.getByTestId('sources-empty').isVisible()).toBe(true);
    const pr = file('propertyradar-export.csv', propertyRadarCsv(PR_ROWS, 7));
    const qbo = file('qbo-customers.csv', QBO);
    const odd = file('odd-list.csv', ODD);
    await choose(pr, qbo, odd);

    // Each file is read in the browser and shown with the format found, before anything is sent.
    expect(await chosen('propertyradar-export.csv').getByTestId('source-file-records').textContent()).toBe('2,500 records');
    expect(await chosen('propertyradar-export.csv').getByTestId('source-profile').inputValue()).toBe('propertyradar');
    expect(await chosen('qbo-customers.csv').getByTestId('source-profile').inputValue()).toBe('quickbooks-online-customers');
    expect(await chosen('odd-list.csv').getByTestId('source-profile').inputValue()).toBe('csv');
    expect(await sidebar.getByTestId('source-import').textContent()).toBe('Import 3 files');
    expect(sheetNames()).not.toContain('propertyradar-export');

    // The answer to the first chunk is lost after the server wrote it: the sidebar sends it again.
    const chunkCalls: number[] = [];
    let lost = false;
    await page.route('**/rpc', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { name: string; args: unknown[] };
      if (body.name !== 'appendSourceRows') return route.continue();
      chunkCalls.push(body.args[1] as number);
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    try {
      await sidebar.getByTestId('source-import').click();
      await sidebar.getByTestId('source-progress').waitFor();
      await waitIdle();
    } finally {
      await page.unroute('**/rpc');
    }
    expect(chunkCalls.slice(0, 3)).toEqual([0, 0, 1]);

    expect(await chosen('propertyradar-export.csv').getByTestId('source-result').textContent()).toMatch(
      /✓ propertyradar-export\.csv: 2,500 records, [\d,]+ with a phone, [\d,]+ phones found → sheet propertyradar-export/,
    );
    expect(await chosen('qbo-customers.csv').getByTestId('source-result').textContent()).toContain('✓ qbo-customers.csv: 3 records');

    // The odd file has no recognisable phone column: the user says which one it is.
    const form = chosen('odd-list.csv').getByTestId('source-mapping');
    await form.waitFor();
    expect(await form.getByTestId('source-mapping-column').count()).toBe(4);
    expect(await form.locator('[data-column="Client"]').inputValue()).toBe('name');
    await form.getByTestId('source-mapping-submit').click();
    await waitIdle();
    expect(await form.getByTestId('source-mapping-error').textContent()).toContain('phone numbers');
    await form.locator('[data-column="Reach me at"]').selectOption('phones');
    await form.getByTestId('source-mapping-submit').click();
    await waitIdle();
    expect(await chosen('odd-list.csv').getByTestId('source-result').textContent()).toContain('✓ odd-list.csv: 3 records, 3 with a phone');

    expect(await groupLines()).toEqual([
      'PropertyRadar CSVs: ✓ 1 file loaded',
      'QuickBooks: ✓ 1 file loaded',
      'Other CSVs: ✓ 1 file loaded',
    ]);
    const counts = await sidebar.getByTestId('source-item-counts').allTextContents();
    expect(counts[0]).toMatch(/^2,500 records, [\d,]+ with a phone · sheet propertyradar-export$/);
    expect(counts).toContain('3 records, 3 with a phone · sheet odd-list');

    // Every record once, though chunk 0 was sent twice.
    const prRows = rowsOf('propertyradar-export');
    expect(prRows).toHaveLength(PR_ROWS + 1);
    expect(new Set(prRows.slice(1).map((r) => r[0])).size).toBe(PR_ROWS);
    expect(sheetNames().filter((n) => n.startsWith('~'))).toEqual([]);

    // Their sheets are in the grid's tabs; what looks like markup or a formula is plain text.
    const tabs = (await page.getByTestId('sheet-tab').allTextContents()).map((t) => t.trim());
    expect(tabs).toEqual(expect.arrayContaining(['propertyradar-export', 'qbo-customers', 'odd-list', 'Sources']));
    const grid = await showSheet('odd-list');
    expect(grid).toContain('<script>window.__pwned=1</script>');
    expect(grid).toContain('=HYPERLINK("http://x")');
    const odd2 = rowsOf('odd-list');
    expect(odd2.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['<script>window.__pwned=1</script>', '617-555-0141', 'script@example.com', 'plain'],
      ['Formula Person', '(617) 555-0142', '=HYPERLINK("http://x")', '+1 lucky'],
      ['At Person', '617.555.0143', '@home', '-5'],
    ]);
    const frame = page.frame({ name: 'sidebar' })!;
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('remembers the columns chosen for a header, so the next file like it needs none', async () => {
    await choose(file('odd-list-2.csv', `${ODD_HEADER}\nAnother Person,617-555-0144,another@example.com,\n`));
    await importChosen();
    expect(await chosen('odd-list-2.csv').getByTestId('source-result').textContent()).toContain('1 record, 1 with a phone');
    expect(await groupLines()).toContain('Other CSVs: ✓ 2 files loaded');
  });

  it('asks about a file imported before: Keep changes nothing, Replace keeps one sheet', async () => {
    const before = rowsOf('Sources').length;
    await choose(file('qbo-again.csv', QBO));
    await importChosen();
    const question = chosen('qbo-again.csv').getByTestId('source-duplicate');
    expect(await question.textContent()).toMatch(/qbo-again\.csv was already imported as sheet qbo-customers on \w{3} \d{1,2}, \d{4}\./);
    await question.getByTestId('source-keep').click();
    expect(await chosen('qbo-again.csv').getByTestId('source-kept').textContent()).toContain('kept the earlier import');
    expect(rowsOf('Sources')).toHaveLength(before);

    await choose(file('qbo-again.csv', QBO));
    await importChosen();
    await chosen('qbo-again.csv').getByTestId('source-replace').click();
    await waitIdle();
    expect(await chosen('qbo-again.csv').getByTestId('source-result').textContent()).toContain('(replaced): 3 records');
    expect(rowsOf('Sources')).toHaveLength(before);
    expect(sheetNames().filter((n) => n.startsWith('qbo'))).toEqual(['qbo-customers']);
    expect(await groupLines()).toContain('QuickBooks: ✓ 1 file loaded');
  });

  it('refuses bad files by name in the browser and creates no sheet', async () => {
    const sheetsBefore = sheetNames();
    const calls: string[] = [];
    await page.route('**/rpc', (route) => {
      calls.push((JSON.parse(route.request().postData() ?? '{}') as { name: string }).name);
      return route.continue();
    });
    const xlsx = Buffer.concat([
      Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000'),
      Buffer.alloc(2048, 7),
      Buffer.from('[Content_Types].xml'),
    ]);
    const huge = file('huge.csv', '');
    // A sparse file: 51 MB on paper, nothing on disk.
    (await import('node:fs')).truncateSync(huge, 51 * 1024 * 1024);
    try {
      await choose(file('renamed-workbook.csv', xlsx), file('empty.csv', ''), file('no-header.csv', '1\n2\n3\n'), huge);
    } finally {
      await page.unroute('**/rpc');
    }
    const messages = (await sidebar.getByTestId('source-error').allTextContents()).map((t) => t.trim());
    expect(messages).toEqual([
      'renamed-workbook.csv: this is not a CSV text file (it looks like a binary or Excel file). Save it as CSV and try again.',
      'empty.csv: the file is empty.',
      expect.stringMatching(/^no-header\.csv: no header row found/),
      expect.stringMatching(/^huge\.csv: the file is 51\.0 MB; files up to 50\.0 MB can be uploaded/),
    ]);
    expect(await sidebar.getByTestId('source-import').count()).toBe(0);
    expect(calls.filter((c) => c !== 'getDashboard')).toEqual([]);
    expect(sheetNames()).toEqual(sheetsBefore);
  });

  it('removes a source after an inline confirmation', async () => {
    const item = sidebar.locator('[data-testid=source-item][data-file-name="odd-list-2.csv"]');
    await item.getByTestId('source-remove').click();
    await item.getByTestId('source-remove-cancel').click();
    expect(sheetNames()).toContain('odd-list-2');
    await item.getByTestId('source-remove').click();
    await item.getByTestId('source-remove-confirm').click();
    await waitIdle();
    expect(await item.count()).toBe(0);
    expect(sheetNames()).not.toContain('odd-list-2');
    expect(await groupLines()).toContain('Other CSVs: ✓ 1 file loaded');
  });
});
