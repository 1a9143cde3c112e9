/**
 * The built sidebar in Chromium, inside the local preview: the real dist/Sidebar.html talking
 * to the built add-on in the emulator through the preview's google.script.run bridge.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PreviewHandle } from '../../src/local/preview/server';
import { describeWithBrowser, openPreview, type PreviewInBrowser, type ScriptRunner } from './browser';

const MOCK_CONVERSATIONS = 250;
const E164 = /^\+1\d{10}$/;

describeWithBrowser('sidebar in the local preview', () => {
  let preview: PreviewHandle;
  let page: Page;
  let sidebar: FrameLocator;
  let dir: string;

  let opened: PreviewInBrowser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-test-'));
    opened = await openPreview({ port: 0, mockConversations: MOCK_CONVERSATIONS });
    ({ preview, page, sidebar } = opened);
  });

  afterAll(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const conversationRows = () => opened.rows('Conversations');

  function file(name: string, text: string): string {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  }

  async function text(testId: string): Promise<string> {
    return ((await sidebar.getByTestId(testId).textContent()) ?? '').trim();
  }

  const waitIdle = () => opened.idle();

  /** The key settings are folded once a key is saved, as a user finds them. */
  async function openKeySettings(): Promise<void> {
    const details = sidebar.getByTestId('key-settings');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await sidebar.getByTestId('api-key-input').waitFor();
  }

  async function showSheet(name: string): Promise<string> {
    await page.locator(`[data-testid=sheet-tab][data-sheet="${name}"]`).click();
    await page.locator(`[data-testid=sheet-grid][data-sheet="${name}"] table`).waitFor();
    return (await page.getByTestId('sheet-grid').textContent()) ?? '';
  }

  it('shows unmapped of conversations for the demo workbook', async () => {
    const phones = conversationRows()
      .slice(1)
      .map((r) => r[0]);
    expect(phones.length).toBe(55);
    expect(await text('unmapped-header')).toBe('Unmapped Contacts: 55 of 55');
    expect(await sidebar.getByTestId('named-progress').getAttribute('aria-valuenow')).toBe('0');
    expect(await text('step-import-detail')).toContain('55 phone numbers');
    const grid = await showSheet('Conversations');
    expect(grid).toContain('+16175550101');
    // The demo imports every sample export as a source, through the add-on.
    const tabs = await page.getByTestId('sheet-tab').allTextContents();
    expect(tabs).toEqual(expect.arrayContaining(['Sources', 'propertyradar', 'quickbooks-online-customers', 'Conversations']));
    expect(await showSheet('propertyradar')).toContain('SAMPLE JOHN A & JANE B');
  });

  it('bridges google.script.run as Apps Script does: chained handlers, user object, illegal values', async () => {
    const frame = page.frame({ name: 'sidebar' })!;
    const outcome = await frame.evaluate(
      () =>
        new Promise<unknown[]>((resolve) => {
          const run = (window as unknown as { google: { script: { run: ScriptRunner } } }).google.script.run;
          const results: unknown[] = [];
          const done = () => results.length === 3 && resolve(results);
          run
            .withSuccessHandler((v: { conversations: number }, user: unknown) => {
              results[0] = [typeof v.conversations, user];
              done();
            })
            .withUserObject('u1')
            .getDashboard();
          run
            .withFailureHandler((e: Error) => {
              results[1] = [e instanceof Error, e.message];
              done();
            })
            .importConversationsCsv('when.csv', new Date());
          run
            .withFailureHandler((e: Error) => {
              results[2] = [e instanceof Error, e.message.length > 0];
              done();
            })
            .noSuchServerFunction();
        }),
    );
    expect(outcome[0]).toEqual(['number', 'u1']);
    expect(outcome[1]).toEqual([true, expect.stringContaining('illegal value')]);
    expect(outcome[2]).toEqual([true, true]);
  });

  it('shows Review as an inactive step and Match ready for the imported conversations', async () => {
    expect(await sidebar.getByTestId('step-match').getAttribute('class')).toMatch(/card step active/);
    expect(await sidebar.getByTestId('step-match-action').isEnabled()).toBe(true);
    for (const id of ['review']) {
      const card = sidebar.getByTestId(`step-${id}`);
      expect(await card.getAttribute('class')).toContain('inactive');
      expect(await card.getAttribute('aria-disabled')).toBe('true');
      expect(await sidebar.getByTestId(`step-${id}-action`).isDisabled()).toBe(true);
      const color = await sidebar.getByTestId(`step-${id}-action`).evaluate((b) => getComputedStyle(b).backgroundColor);
      expect(color).not.toBe('rgb(26, 115, 232)');
    }
    expect(await text('step-match-detail')).not.toBe('');
    expect(await sidebar.getByTestId('step-import-detail').isVisible()).toBe(true);
  });

  it('reports a CSV without a phone column and leaves Conversations as it was', async () => {
    const before = conversationRows();
    await sidebar
      .getByTestId('conversations-file')
      .setInputFiles(file('no-phones.csv', 'Name,Email\nJohn Sample,john@example.com\nMary Doe,mary@example.com\n'));
    await sidebar.getByTestId('error-notice').waitFor();
    await waitIdle();
    const notice = await text('error-notice');
    expect(notice).toContain('no-phones.csv');
    expect(notice).toMatch(/phone/i);
    expect(await sidebar.getByTestId('error-notice').getAttribute('class')).toContain('notice-error');
    expect(conversationRows()).toEqual(before);
    expect(await text('unmapped-header')).toBe('Unmapped Contacts: 55 of 55');
  });

  it('imports an uploaded conversations CSV and shows the phones in the sheet', async () => {
    const csv = [
      'Conversation ID,Phone',
      'CA1,(617) 555-0190',
      'CA2,617.555.0190',
      'CA3,+1 508 555 0191',
      'CA4,781-555-0192',
      'CA5,555-0199',
    ].join('\n');
    await showSheet('Conversations');
    await sidebar.getByTestId('conversations-file').setInputFiles(file('conversations.csv', csv));
    await sidebar.getByTestId('import-result').waitFor();
    await waitIdle();
    expect(await text('import-result')).toContain('✓ 3 phone numbers from conversations.csv (1 duplicate collapsed, 1 unreadable)');
    expect(await text('unmapped-header')).toBe('Unmapped Contacts: 3 of 3');
    const rows = conversationRows();
    expect(rows[0]).toEqual(['Phone', 'Conversation ID']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['+16175550190', '+15085550191', '+17815550192']);
    // The grid follows the sidebar's calls by itself.
    await page.waitForFunction(() => (document.getElementById('sheet-grid')?.textContent ?? '').includes('+17815550192'));
    const grid = (await page.getByTestId('sheet-grid').textContent()) ?? '';
    for (const phone of ['+16175550190', '+15085550191', '+17815550192']) expect(grid).toContain(phone);
    expect(grid).not.toContain('+16175550101');
  });

  it('shows markup from file names and headers as text without running it', async () => {
    const name = '<img src=x onerror="window.__pwned=1">.csv';
    await sidebar.getByTestId('conversations-file').setInputFiles(file(name, 'Name,<script>window.__pwned=2</script>\nJohn,1\n'));
    await sidebar.getByTestId('error-notice').waitFor();
    await waitIdle();
    const notice = await text('error-notice');
    expect(notice).toContain(name);
    expect(notice).toContain('<script>window.__pwned=2</script>');
    expect(await sidebar.getByTestId('error-notice').locator('img, script').count()).toBe(0);
    const frame = page.frame({ name: 'sidebar' })!;
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // A name that is imported, not refused, ends up in the result line.
    await sidebar
      .getByTestId('conversations-file')
      .setInputFiles({ name: '<b>bold</b>.csv', mimeType: 'text/csv', buffer: Buffer.from('Phone\n6175550193\n') });
    await sidebar.getByTestId('import-result').waitFor();
    await waitIdle();
    expect(await text('import-result')).toContain('from <b>bold</b>.csv');
    expect(await sidebar.getByTestId('import-result').locator('b').count()).toBe(0);
  });

  it('saves an API key without showing it and loads conversations from OpenPhone', async () => {
    // The demo starts with the mock's key; remove it to go the way a user would.
    await openKeySettings();
    await sidebar.getByTestId('api-key-remove').click();
    await waitIdle();
    expect(await text('api-key-status')).toBe('No key saved');
    expect(await sidebar.getByTestId('load-openphone').isDisabled()).toBe(true);

    await sidebar.getByTestId('api-key-input').fill(preview.openPhone.apiKey);
    await sidebar.getByTestId('api-key-save').click();
    await waitIdle();
    expect(await text('api-key-status')).toContain('Key saved');
    expect(await sidebar.getByTestId('api-key-input').inputValue()).toBe('');
    expect(await sidebar.locator('body').innerHTML()).not.toContain(preview.openPhone.apiKey);
    expect(preview.emulator.properties.user.OPENPHONE_API_KEY).toBe(preview.openPhone.apiKey);

    await showSheet('Conversations');
    const fetchesBefore = preview.emulator.stats.urlFetch;
    await sidebar.getByTestId('load-openphone').click();
    await sidebar.getByTestId('import-result').filter({ hasText: 'OpenPhone' }).waitFor({ timeout: 45_000 });
    await waitIdle();
    const result = await text('import-result');
    const count = Number(/✓ ([\d,]+) phone numbers? from OpenPhone/.exec(result)?.[1]?.replace(/,/g, ''));
    expect(count).toBeGreaterThan(0);
    const phones = conversationRows()
      .slice(1)
      .map((r) => r[0] ?? '');
    expect(phones).toHaveLength(count);
    expect(phones.every((p) => E164.test(p))).toBe(true);
    expect(preview.emulator.stats.urlFetch).toBeGreaterThan(fetchesBefore);
    expect(await text('unmapped-header')).toBe(`Unmapped Contacts: ${count.toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`);
    await page.waitForFunction((p) => (document.getElementById('sheet-grid')?.textContent ?? '').includes(p), phones[0]!);
  });

  it('refuses a wrong key when it is saved, with one cheap call, without echoing it, and keeps the key that works', async () => {
    const wrong = 'not-the-right-key-12345';
    await openKeySettings();
    await sidebar.getByTestId('api-key-input').fill(wrong);
    await sidebar.getByTestId('api-key-save').click();
    await sidebar.getByTestId('api-key-error').waitFor({ timeout: 45_000 });
    await waitIdle();
    expect(await text('api-key-error')).toBe(
      'OpenPhone refused the API key (401 Unauthorized): copy it again from OpenPhone → Settings → API.',
    );
    expect(await sidebar.locator('body').innerHTML()).not.toContain(wrong);
    expect(preview.emulator.properties.user.OPENPHONE_API_KEY).toBe(preview.openPhone.apiKey);
  });
});
