/**
 * Conflict review through the built sidebar in Chromium, inside the local preview: pick a card,
 * merge fields, apply to all similar after its preview, skip, previous, undo, and a decision by
 * keyboard alone; then the Conflicts sheet sorted and filtered still holds every decision on its phone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator, displayValues, newWorkbook, saveWorkbook } from '../../src/local/emulator';
import { serverOf } from '../../src/local/server-of';
import { uploadSource } from '../integration/workbook';
import { describeWithBrowser, openPreview, type PreviewInBrowser } from './browser';

const QBO = [
  'Customer,Company,Street Address,City,State,Country,Zip,Phone,Email,Attachments,Open Balance,Notes',
  '"Smith, John",,1 Elm St,Quincy,MA,USA,02169,617-555-0101,john@smith.example,,250.00,',
  '"Park, Dana",,3 Oak St,Quincy,MA,USA,02169,617-555-0103,dana@park.example,,0.00,',
  '"Wu, Lee",,5 Ash St,Quincy,MA,USA,02169,617-555-0105,lee@wu.example,,0.00,',
  '"Ortiz, Ana",,7 Fir St,Quincy,MA,USA,02169,617-555-0106,,,0.00,',
  '"Chen, Amy",,9 Yew St,Quincy,MA,USA,02169,617-555-0107,,,0.00,',
].join('\n');
const LEADS = [
  'Name,Phone,Email',
  'Mary Jones,617-555-0101,',
  'Tom Reyes,617-555-0103,',
  'Kim Bell,617-555-0105,',
  'Zoe Quinn,617-555-0106,',
  'Sam Hill,617-555-0107,',
  'Bob Stone,617-555-0102,bob@stone.example',
  'Bill Stone,617-555-0102,',
].join('\n');
const PHONES = ['0101', '0102', '0103', '0105', '0106', '0107'].map((n) => `617-555-${n}`);

describeWithBrowser('conflict review in the sidebar', () => {
  let dir: string;
  let opened: PreviewInBrowser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sidebar-review-'));
    const workbook = newWorkbook('review');
    const emulator = createEmulator({ workbook });
    uploadSource(emulator, 'customers.csv', QBO, { profileId: 'quickbooks-online-customers' });
    uploadSource(emulator, 'leads.csv', LEADS);
    serverOf(emulator).importConversationsCsv('c.csv', `Phone\n${PHONES.join('\n')}\n`);
    serverOf(emulator).runMatch();
    emulator.dispose();
    const file = path.join(dir, 'review.xlsx');
    await saveWorkbook(workbook, file);
    opened = await openPreview({ port: 0, workbookPath: file, mockConversations: 5 });
  });

  afterAll(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const text = async (testId: string) =>
    ((await opened.sidebar.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const conflict = (phone: string) => opened.records('Conflicts').find((r) => r.Phone === phone)!;
  const contactWith = (phone: string) => opened.records('Contacts').find((c) => (c.Phones ?? '').split(', ').includes(phone));
  const card = (name: string) => opened.sidebar.locator('[data-testid=candidate]').filter({ hasText: name });
  async function current(): Promise<string> {
    return (await opened.sidebar.getByTestId('review-conflict').getAttribute('data-phone')) ?? '';
  }

  it('opens the review with the QuickBooks customers first, the phone as people write it', async () => {
    expect(await text('step-review-detail')).toMatch(/^6 conflicts to review/);
    await opened.sidebar.getByTestId('step-review-action').click();
    await opened.idle();
    expect(await text('review-title')).toBe('Resolve Contact Conflicts (6 remaining)');
    expect(await text('review-phone')).toBe('Phone: (617) 555-0101');
    expect(await card('John Smith').textContent()).toContain('Open balance250.00');
  });

  it('resolves a conflict by picking a card', async () => {
    await card('Mary Jones').getByTestId('use-this').click();
    await opened.idle();
    expect(await text('review-title')).toBe('Resolve Contact Conflicts (5 remaining)');
    expect(conflict('+16175550101')).toMatchObject({ Status: 'resolved', 'Decided By': 'user@example.com' });
    expect(contactWith('+16175550101')).toMatchObject({ 'First Name': 'Mary', 'Last Name': 'Jones' });
    expect(await current()).toBe('+16175550103');
  });

  it('resolves one by merging fields from the candidates and one typed', async () => {
    const tom = (await card('Tom Reyes').getAttribute('data-n'))!;
    const dana = (await card('Dana Park').getAttribute('data-n'))!;
    await opened.sidebar.getByTestId('strategy-merge').check();
    await opened.sidebar.getByTestId('merge-firstName-from').selectOption(tom);
    await opened.sidebar.getByTestId('merge-lastName-from').selectOption(dana);
    await opened.sidebar.getByTestId('merge-company-from').selectOption('typed');
    await opened.sidebar.getByTestId('merge-company-typed').fill('Reyes & Park');
    await opened.sidebar.getByTestId('review-apply').click();
    await opened.idle();
    expect(contactWith('+16175550103')).toMatchObject({
      'First Name': 'Tom',
      'Last Name': 'Park',
      Company: 'Reyes & Park',
      Status: 'resolved',
    });
    expect(conflict('+16175550103')).toMatchObject({ Decision: 'merge', 'Final Company': 'Reyes & Park' });
  });

  it('applies a decision to all similar conflicts after showing how many it reaches', async () => {
    expect(await current()).toBe('+16175550105');
    await opened.sidebar.getByTestId('review-similar').click();
    await opened.idle();
    expect(await text('similar-count')).toBe(
      'Applies to 2 more conflicts: Different people between CSV and QuickBooks: take the recommendation',
    );
    await opened.sidebar.getByTestId('similar-confirm').click();
    await opened.idle();
    expect(await text('review-title')).toBe('Resolve Contact Conflicts (1 remaining)');
    for (const phone of ['+16175550105', '+16175550106', '+16175550107']) expect(conflict(phone).Status).toBe('resolved');
    expect(contactWith('+16175550106')).toMatchObject({ 'First Name': 'Ana', 'Last Name': 'Ortiz' });
  });

  it('skips, goes back, and undoes by keyboard', async () => {
    expect(await current()).toBe('+16175550102');
    await opened.sidebar.getByTestId('review-skip').click();
    await opened.idle();
    expect(conflict('+16175550102').Status).toBe('skipped');
    expect(await text('review-title')).toBe('Resolve Contact Conflicts (0 remaining)');
    await opened.sidebar.getByTestId('review-prev').click();
    await opened.idle();
    expect(await text('review-decided')).toMatch(/^Decided: \d: Amy Chen \(user@example\.com\)$/);
    await opened.sidebar.getByTestId('review-title').click();
    await opened.page.keyboard.press('u');
    await opened.idle();
    expect(conflict('+16175550102').Status).toBe('pending');
    expect(await current()).toBe('+16175550102');
    expect(await text('review-notice')).toBe('Undid the decision for +16175550102: 1 conflict back to pending.');
  });

  it('decides by keyboard alone', async () => {
    const first = (await opened.sidebar.locator('[data-testid=candidate][data-n="1"] [data-testid=candidate-name]').textContent())!.trim();
    await opened.page.keyboard.press('1');
    await opened.idle();
    expect(conflict('+16175550102')).toMatchObject({ Status: 'resolved', Decision: '1', '1 Name': first });
    expect(await text('review-empty')).toBe('Every conflict is decided.');
  });

  it('keeps every decision on its phone when the sheet is sorted and filtered', async () => {
    const byPhone = Object.fromEntries(opened.records('Conflicts').map((r) => [r.Phone, [r.Status, r.Decision]]));
    const sheet = opened.preview.emulator.workbook.sheets.find((s) => s.name === 'Conflicts')!;
    const header = displayValues(sheet)[0]!;
    const confidence = header.indexOf('Confidence');
    // The reviewer sorts the rows by Confidence and hides a column, as people do in a sheet.
    sheet.cells = [
      sheet.cells[0]!,
      ...sheet.cells
        .slice(1)
        .sort(
          (a, b) => Number(a[confidence]?.value) - Number(b[confidence]?.value) || String(b[0]?.value).localeCompare(String(a[0]?.value)),
        ),
    ];
    sheet.hiddenColumns = [header.indexOf('Why') + 1];
    await opened.sidebar.getByTestId('review-close').click();
    await opened.idle();
    await opened.sidebar.getByTestId('apply-decisions').click();
    await opened.idle();
    expect(await text('review-step-notice')).toMatch(/^Applied 0 decisions;/);
    expect(Object.fromEntries(opened.records('Conflicts').map((r) => [r.Phone, [r.Status, r.Decision]]))).toEqual(byPhone);
    expect(await text('step-review-detail')).toMatch(/^No conflicts left to review/);
    const named = await opened.sidebar.locator('[data-testid=figure][data-figure="conflicts"]').textContent();
    expect(named).toContain('Conflicts left0');
  });
});
