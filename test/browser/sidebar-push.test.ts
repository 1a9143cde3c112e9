/**
 * Push through the built sidebar in Chromium, inside the local preview with its OpenPhone mock:
 * enter the key, dry run, push with the bar moving, close the sidebar half-way and open it
 * again, resume, finish, and read the verification panel, whose figures OpenPhone itself gave.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator, saveWorkbook } from '../../src/local/emulator';
import { describeWithBrowser, holdCalls, openPreview, type PreviewInBrowser } from './browser';
import { matchedWorkbook } from '../fixtures/push';

const ROWS = 200;
/** Where the screenshots of the new screens go, to be looked at by a person (PUSH_SCREENSHOTS=dir). */
const SHOTS = process.env.PUSH_SCREENSHOTS;

describeWithBrowser('push in the sidebar', () => {
  let dir: string;
  let opened: PreviewInBrowser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-push-'));
    const file = path.join(dir, 'push.xlsx');
    const setup = createEmulator();
    matchedWorkbook(setup, ROWS);
    await saveWorkbook(setup.workbook, file);
    setup.dispose();
    opened = await openPreview({ port: 0, workbookPath: file, mockConversations: 0 });
  });

  afterAll(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const text = async (testId: string) => ((await opened.sidebar.getByTestId(testId).first().textContent()) ?? '').trim();
  /** The 300 px sidebar, scrolled to the card the screen is about. */
  const shot = async (name: string, card = 'step-push') => {
    if (!SHOTS) return;
    await opened.sidebar.getByTestId(card).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await opened.page.getByTestId('sidebar-frame').screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const done = async () => Number(await opened.sidebar.getByTestId('push-bar').getAttribute('aria-valuenow'));

  it('enters the key, dry runs, pushes, is closed and reopened half-way, resumes, finishes and verifies', async () => {
    const { sidebar, preview } = opened;
    expect(await text('step-push-detail')).toBe('Save the OpenPhone API key (step 1) to push');
    expect(await sidebar.getByTestId('push-start').isDisabled()).toBe(true);

    await sidebar.getByTestId('api-key-input').fill(preview.openPhone.apiKey);
    await sidebar.getByTestId('api-key-save').click();
    await opened.idle();
    expect(await text('api-key-notice')).toBe('Key saved. Connected to the OpenPhone workspace of +16175550100, +16175550199.');
    expect(await sidebar.locator('body').innerHTML()).not.toContain(preview.openPhone.apiKey);

    await sidebar.getByTestId('push-plan').click();
    await opened.idle();
    const lines = await sidebar.getByTestId('push-plan-line').allTextContents();
    expect(lines[0]).toBe(`${ROWS} to create, 0 to update, 0 unchanged.`);
    expect(lines.join(' ')).toContain('API calls, about 21 s at 10 requests a second');
    expect(lines.join(' ')).toContain('QuickBooks history goes to the custom fields Last job, Balance, Customer since.');
    expect(opened.rows('Push Log')).toEqual([]);
    await shot('push-dry-run');

    // The second chunk's call is held in the browser, so the sidebar is closed at a known point:
    // one chunk saved, the next one asked for.
    const held = await holdCalls(opened.page, (body) => body.includes('"name":"pushNextChunk"') && !body.includes('"start":true'), 'abort');
    await sidebar.getByTestId('push-start').click();
    await sidebar.getByTestId('push-cancel').waitFor();
    await held.asked;
    // One chunk: at most the sidebar's 100 rows, ending where its look-up and its last full batch end.
    const firstChunk = await done();
    expect(firstChunk).toBeGreaterThan(0);
    expect(firstChunk).toBeLessThanOrEqual(100);
    expect(await text('push-status')).toBe('Pushing…');
    expect(await text('push-done')).toMatch(new RegExp(`^\\d+ of ${ROWS} contacts · about \\d+ s left$`));
    expect(await text('push-counts')).toMatch(/^\d+ created$/);
    await shot('push-progress');

    // Closing the sidebar (here: the whole page) mid-way.
    const reloaded = opened.page.reload();
    held.release();
    await reloaded;
    await opened.page.unrouteAll({ behavior: 'ignoreErrors' });
    await sidebar.getByTestId('unmapped-header').waitFor();
    await opened.idle();
    const progress = sidebar.getByTestId('push-progress');
    expect(await progress.getAttribute('data-state')).toBe('running');
    expect(await text('push-status')).toBe('Push paused: press Resume push to go on where it stopped');
    expect(await text('push-start')).toBe('Resume push');
    const paused = await done();
    expect(paused).toBe(firstChunk);
    // Every contact OpenPhone has is on its row already: nothing half-written.
    const rows = opened.records('Contacts');
    const contacts = await fetch(`${preview.openPhone.url}/__mock/contacts`).then(
      (r) => r.json() as Promise<{ data: Array<{ id: string; externalId: string }> }>,
    );
    expect(rows.filter((r) => r['OpenPhone ID']).length).toBe(contacts.data.length);
    expect(contacts.data.length).toBe(paused);
    await shot('push-resume');

    await sidebar.getByTestId('push-start').click();
    await opened.idle();
    // The resumed push is the same job: its counts include what was pushed before the close.
    expect(await text('push-notice')).toBe(`Push finished: ${ROWS} created.`);
    expect(await done()).toBe(ROWS);
    await sidebar.getByTestId('verification').waitFor();
    expect(await text('verify-in-openphone')).toBe(`Our contacts in OpenPhone${ROWS}`);
    expect(await text('verify-duplicates')).toBe('Duplicates0');
    expect(await text('verify-missing')).toBe('Pushed rows missing in OpenPhone0');
    expect(await text('verify-with-email')).toBe(`With an email${ROWS - ROWS / 5}`);
    await shot('push-verified', 'step-verify');

    const after = await fetch(`${preview.openPhone.url}/__mock/contacts`).then(
      (r) => r.json() as Promise<{ data: Array<{ id: string; externalId: string }> }>,
    );
    expect(new Set(after.data.map((c) => c.externalId)).size).toBe(ROWS);
    const byExternal = new Map(after.data.map((c) => [c.externalId, c.id]));
    for (const r of opened.records('Contacts')) expect(byExternal.get(r['Contact ID']!)).toBe(r['OpenPhone ID']);
  });
});
