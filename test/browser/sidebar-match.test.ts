/**
 * Step 2 through the built sidebar in Chromium, inside the local preview: Run match on the demo
 * workbook, its counts against the sheets it wrote, the sheets it opens, and its failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithBrowser, launchBrowser, openPreview, type LaunchedBrowser, type PreviewInBrowser, type ScriptRunner } from './browser';
import { serverOf } from '../../src/local/server-of';

function gridSheet(page: Page, name: string) {
  return page.locator(`[data-testid=sheet-grid][data-sheet="${name}"] table`);
}

describeWithBrowser('match in the sidebar', () => {
  let launched: LaunchedBrowser;
  let demo: PreviewInBrowser;

  beforeAll(async () => {
    launched = await launchBrowser();
    demo = await openPreview({ port: 0, mockConversations: 5 }, launched);
  });

  afterAll(async () => {
    await demo?.close();
    await launched?.close();
  });

  async function text(testId: string): Promise<string> {
    return ((await demo.sidebar.getByTestId(testId).first().textContent()) ?? '').trim();
  }

  async function clickTab(name: string): Promise<void> {
    await demo.page.locator(`[data-testid=sheet-tab][data-sheet="${name}"]`).click();
    await gridSheet(demo.page, name).waitFor();
  }

  it('offers Run match for the demo conversations, before any run', async () => {
    const card = demo.sidebar.getByTestId('step-match');
    expect(await card.getAttribute('class')).toMatch(/card step active/);
    expect(await card.getAttribute('aria-disabled')).toBeNull();
    expect(await demo.sidebar.getByTestId('step-match-action').isEnabled()).toBe(true);
    expect(await text('step-match-action')).toBe('Run match');
    expect(await demo.sidebar.getByTestId('review-conflicts').count()).toBe(0);
    const conversations = demo.rows('Conversations').length - 1;
    expect(await text('step-match-detail')).toContain(`Match ${conversations} phone numbers`);
    for (const sheet of ['Contacts', 'Conflicts', 'Unmapped'])
      expect(demo.preview.emulator.workbook.sheets.some((s) => s.name === sheet)).toBe(false);
  });

  it('runs match with a moving bar and every button disabled, then shows the counts the sheets hold', async () => {
    await clickTab('Conversations');
    // Held back until the busy state has been seen: in the emulator the demo matches in a blink.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hold = async (route: Route) => {
      if (route.request().postData()?.includes('"name":"runMatch"')) await held;
      await route.continue();
    };
    await demo.page.route('**/rpc', hold);
    try {
      await demo.sidebar.getByTestId('step-match-action').click();
      const bar = demo.sidebar.getByTestId('match-progress');
      await bar.waitFor();
      expect(await bar.getAttribute('class')).toContain('indeterminate');
      expect(await bar.locator('.progress-bar').evaluate((b) => getComputedStyle(b).animationName)).toBe('indeterminate');
      expect(await demo.sidebar.locator('#app').getAttribute('aria-busy')).toBe('true');
      for (const id of ['step-match-action', 'load-openphone', 'conversations-file', 'api-key-save']) {
        expect(await demo.sidebar.getByTestId(id).isDisabled()).toBe(true);
      }
    } finally {
      release();
    }
    await demo.idle();
    await demo.page.unroute('**/rpc', hold);
    expect(await demo.sidebar.getByTestId('match-progress').count()).toBe(0);
    expect(await demo.sidebar.getByTestId('match-error').count()).toBe(0);

    const conversationPhones = new Set(demo.records('Conversations').map((r) => r.Phone));
    const contacts = demo.records('Contacts');
    const autoPhones = new Set(
      contacts
        .filter((c) => c.Status === 'auto')
        .flatMap((c) => (c.Phones ?? '').split(',').map((p) => p.trim()))
        .filter((p) => conversationPhones.has(p)),
    );
    const pending = demo.records('Conflicts').filter((c) => c.Status === 'pending').length;
    const unmapped = demo.records('Unmapped').length;
    const report = serverOf(demo.preview.emulator).getReport();
    expect(report.contacts).toBe(contacts.length);
    expect(report.conflictsPending).toBe(pending);
    expect(report.unmapped).toBe(unmapped);
    expect(autoPhones.size).toBeGreaterThan(0);

    const lines = (await demo.sidebar.getByTestId('match-count').allTextContents()).map((t) => t.trim());
    const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
    expect(lines).toEqual([
      `✓ ${plural(autoPhones.size, 'confident match', 'confident matches')} applied`,
      `${plural(pending, 'conflict needs', 'conflicts need')} review`,
      `${unmapped.toLocaleString('en-US')} with no match`,
      plural(contacts.length, 'contact', 'contacts'),
    ]);
    expect(await text('step-match-detail')).toBe(
      `${report.contacts} contacts · ${report.conflictsPending} conflicts to review · ${report.unmapped} with no match`,
    );
    expect(await text('unmapped-header')).toBe(
      `Unmapped Contacts: ${report.conversations - report.conversationsNamed} of ${report.conversations}`,
    );
    expect(report.conversationsNamed).toBeGreaterThan(0);
    expect(await text('step-match-action')).toBe('Run match again');

    // The grid learns of the new sheets by itself and shows the one the add-on left in front.
    for (const sheet of ['Contacts', 'Conflicts', 'Unmapped']) {
      await demo.page.locator(`[data-testid=sheet-tab][data-sheet="${sheet}"]`).waitFor();
    }
    await demo.page.waitForFunction(() => {
      const shown = document.getElementById('sheet-grid')?.dataset.sheet ?? '';
      return (
        ['Matches', 'Conflicts', 'Contacts', 'Unmapped', 'Settings'].includes(shown) && document.querySelector('#sheet-grid table') !== null
      );
    });
  });

  it('opens the review, the Conflicts sheet to decide in, and the Unmapped sheet to name by hand', async () => {
    await demo.sidebar.getByTestId('review-conflicts').click();
    await demo.idle();
    expect(await demo.sidebar.getByTestId('review-title').textContent()).toMatch(/^Resolve Contact Conflicts \(\d+ remaining\)$/);
    await demo.sidebar.getByTestId('review-close').click();
    await demo.idle();

    await clickTab('Contacts');
    await demo.sidebar.getByTestId('open-conflicts').click();
    await gridSheet(demo.page, 'Conflicts').waitFor();
    await demo.idle();
    expect(demo.preview.emulator.activeSheetName()).toBe('Conflicts');
    expect(await demo.page.getByTestId('sheet-grid').textContent()).toContain('Recommended');
    expect(await demo.page.locator('.sheet-tab.active').textContent()).toBe('Conflicts');

    await demo.sidebar.getByTestId('skip-to-manual').click();
    await gridSheet(demo.page, 'Unmapped').waitFor();
    await demo.idle();
    const firstUnmapped = demo.records('Unmapped')[0]?.Phone ?? '';
    expect(await demo.page.getByTestId('sheet-grid').textContent()).toContain(firstUnmapped);

    // Conflicts was in front before: opening it again after the user moved away still shows it.
    await demo.sidebar.getByTestId('open-conflicts').click();
    await gridSheet(demo.page, 'Conflicts').waitFor();
    await demo.idle();
    await clickTab('Sources');
    await demo.sidebar.getByTestId('open-conflicts').click();
    await gridSheet(demo.page, 'Conflicts').waitFor();
    await demo.idle();
  });

  it('refuses to open any sheet but its own', async () => {
    const frame = demo.page.frame({ name: 'sidebar' })!;
    const message = await frame.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const run = (window as unknown as { google: { script: { run: ScriptRunner } } }).google.script.run;
          run
            .withSuccessHandler(() => resolve('opened'))
            .withFailureHandler((e: Error) => resolve(e.message))
            .openSheet('Sources');
        }),
    );
    expect(message).toContain('"Sources"');
    expect(message).toContain('Conflicts, Unmapped, Contacts');
    expect(demo.preview.emulator.activeSheetName()).not.toBe('Sources');
  });

  it('keeps a tab clicked while the grid is still loading the one before', async () => {
    await clickTab('Conversations');
    const slow = async (route: Route) => {
      if (new URL(route.request().url()).searchParams.get('sheet') === 'Sources') await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    };
    await demo.page.route('**/api/workbook*', slow);
    try {
      await demo.page.locator('[data-testid=sheet-tab][data-sheet="Sources"]').click();
      await demo.page.locator('[data-testid=sheet-tab][data-sheet="Contacts"]').click();
      await gridSheet(demo.page, 'Contacts').waitFor();
      // Long enough for the slow answer and anything it would have set off.
      await demo.page.waitForTimeout(1200);
      expect(await demo.page.getByTestId('sheet-grid').getAttribute('data-sheet')).toBe('Contacts');
    } finally {
      await demo.page.unroute('**/api/workbook*', slow);
    }
  });

  it('shows a bad Settings value in the red notice, naming the setting, and changes nothing', async () => {
    const settings = demo.preview.emulator.workbook.sheets.find((s) => s.name === 'Settings')!;
    const row = settings.cells.findIndex((r) => r[0]?.value === 'Auto threshold');
    expect(row).toBeGreaterThan(0);
    const kept = settings.cells[row]![1]!;
    const contactsBefore = demo.rows('Contacts');
    settings.cells[row]![1] = { value: 'high', numberFormat: '@' };
    try {
      await demo.sidebar.getByTestId('step-match-action').click();
      await demo.sidebar.getByTestId('match-error').waitFor();
      await demo.idle();
      const notice = demo.sidebar.getByTestId('match-error');
      expect(await notice.getAttribute('class')).toContain('notice-error');
      expect(await notice.getAttribute('role')).toBe('alert');
      expect(await text('match-error')).toContain('"Auto threshold"');
      expect(await text('match-error')).toContain('high');
      expect(await demo.sidebar.getByTestId('match-counts').count()).toBe(0);
      expect(demo.rows('Contacts')).toEqual(contactsBefore);
    } finally {
      settings.cells[row]![1] = kept;
    }
    // Fixed in the sheet, the next run clears the notice.
    await demo.sidebar.getByTestId('step-match-action').click();
    await demo.sidebar.getByTestId('match-counts').waitFor();
    await demo.idle();
    expect(await demo.sidebar.getByTestId('match-error').count()).toBe(0);
  });

  describe('on a new workbook', () => {
    let dir: string;
    let fresh: PreviewInBrowser;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-match-'));
      fresh = await openPreview({ port: 0, mockConversations: 5, workbookPath: path.join(dir, 'new.xlsx') }, launched);
    });

    afterAll(async () => {
      await fresh?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps the match step disabled until conversations are imported', async () => {
      const card = fresh.sidebar.getByTestId('step-match');
      expect(await card.getAttribute('class')).toContain('inactive');
      expect(await card.getAttribute('aria-disabled')).toBe('true');
      expect(await fresh.sidebar.getByTestId('step-match-action').isDisabled()).toBe(true);
      expect(((await fresh.sidebar.getByTestId('step-match-detail').textContent()) ?? '').trim()).toBe('Import conversations first');
      expect(await fresh.sidebar.getByTestId('review-conflicts').count()).toBe(0);
    });
  });
});
