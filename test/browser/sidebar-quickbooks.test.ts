/**
 * QuickBooks from step 1 of the built sidebar in Chromium, inside the local preview and its
 * QuickBooks mock: the consent opens in its own tab and comes back through the script's
 * /usercallback, Sync brings the 1,234 customers with their history, the match uses them and
 * the verification panel counts them; Disconnect forgets the connection and keeps the sheet.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serverOf } from '../../src/local/server-of';
import { describeWithBrowser, holdCalls, openPreview, type PreviewInBrowser } from './browser';

/** Where the screenshots of the new screens go, to be looked at by a person (QUICKBOOKS_SCREENSHOTS=dir). */
const SHOTS = process.env.QUICKBOOKS_SCREENSHOTS;

describeWithBrowser('QuickBooks in the sidebar', () => {
  let opened: PreviewInBrowser;

  beforeAll(async () => {
    // The demo workbook, as npm start opens it.
    opened = await openPreview({ port: 0, mockConversations: 0 });
  });

  afterAll(async () => {
    await opened?.close();
  });

  const text = async (testId: string) => ((await opened.sidebar.getByTestId(testId).first().textContent()) ?? '').trim();
  const shot = async (name: string, part = 'quickbooks') => {
    if (!SHOTS) return;
    await opened.sidebar.getByTestId(part).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await opened.page.getByTestId('sidebar-frame').screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };

  it('connects in a new tab, syncs 1,234 customers, matches them, and disconnects keeping the sheet', async () => {
    const { sidebar, preview, launched } = opened;
    const before = serverOf(preview.emulator).getReport();
    const connect = sidebar.getByTestId('quickbooks-connect');
    await connect.waitFor();
    expect(await connect.textContent()).toBe('Connect QuickBooks');
    expect(await connect.getAttribute('target')).toBe('_blank');
    expect(await connect.getAttribute('href')).toMatch(new RegExp(`^${preview.quickBooks.authorizeUrl}\\?`));
    expect(await text('quickbooks-connect-hint')).toBe('QuickBooks opens in a new tab to ask which company to share (production).');
    await shot('quickbooks-connect');

    // The consent tab: Intuit's page approves, redirects to the script's /usercallback, which answers.
    const [consent] = await Promise.all([launched.context.waitForEvent('page'), connect.click()]);
    await consent.waitForLoadState();
    expect(await consent.locator('body').textContent()).toBe(
      `Connected to QuickBooks company ${preview.quickBooks.realmId}: close this tab and press Sync in the sidebar.`,
    );
    await consent.close();

    // The row sees the connection come back by itself.
    await sidebar.getByTestId('quickbooks-sync').waitFor({ timeout: 15_000 });
    expect(await text('quickbooks-notice')).toBe('Connected to QuickBooks. Press Sync to bring in its customers.');
    expect(await text('quickbooks-count')).toBe('not synced yet');
    expect(await sidebar.locator('body').innerHTML()).not.toMatch(/access_token|refresh_token/);
    await shot('quickbooks-connected');

    // The second chunk is held in the browser, so the progress can be read while the sync runs.
    const held = await holdCalls(
      opened.page,
      (body) => body.includes('"name":"syncQuickBooksChunk"') && !body.includes('"start":true'),
      'continue',
    );
    await sidebar.getByTestId('quickbooks-sync').click();
    await held.asked;
    const progress = sidebar.getByTestId('quickbooks-progress');
    await progress.waitFor();
    expect(await text('quickbooks-counts')).toMatch(/^[\d,]+( of 1,234)? customers · [\d,]+ invoices · [\d,]+ payments$/);
    expect(await text('quickbooks-status')).toMatch(/^Step [1-4] of 4: /);
    await shot('quickbooks-progress');
    held.release();
    await opened.idle();
    await opened.page.unrouteAll({ behavior: 'ignoreErrors' });

    expect(await text('quickbooks-count')).toBe('✓ 1,234 customers');
    const company = await preview.quickBooks.company();
    const count = (n: number) => n.toLocaleString('en-US');
    const jobs = company.customers.filter((c) => c.Job).length;
    const inactive = company.customers.filter((c) => c.Active === false).length;
    expect(await text('quickbooks-notice')).toMatch(
      new RegExp(
        `^Synced 1,234 customers from QuickBooks \\([\\d,]+ with a phone, ${count(jobs)} jobs, ${count(inactive)} inactive; ` +
          `${count(company.invoices.length)} invoices, ${count(company.payments.length)} payments\\) into the QuickBooks sheet\\. Run the match again to use them\\.Details`,
      ),
    );
    // Numbers QuickBooks holds that are no phone are named, not dropped silently.
    expect(await text('quickbooks-notice')).toContain('"555-5555-6666": not a valid phone number');
    expect(await text('quickbooks-connection')).toMatch(
      new RegExp(`^Last sync \\w{3} \\d+, \\d{4}, \\d+:\\d\\d [AP]M · QuickBooks company ${preview.quickBooks.realmId}$`),
    );
    expect(opened.records('QuickBooks')).toHaveLength(1234);
    const synced = opened.records('Sources').find((s) => s.Sheet === 'QuickBooks');
    expect(synced).toMatchObject({ 'Source Type': 'quickbooks', 'Total Records': '1234' });
    // The demo's three QuickBooks export files are files; the sync is said apart.
    expect(await sidebar.locator('[data-type=quickbooks] [data-testid=source-group-line]').textContent()).toBe(
      'QuickBooks: ✓ 3 files loaded, customers synced',
    );
    await shot('quickbooks-synced');

    // The match treats the synced sheet like any QuickBooks source; the panel counts its customers.
    await sidebar.getByTestId('step-match-action').click();
    await opened.idle();
    const fromSync = opened
      .records('Matches')
      .filter((m) => m['Source Type'] === 'quickbooks' && (m['Source Data'] ?? '').includes('"Customer Id"'));
    expect(fromSync.length).toBeGreaterThan(10);
    const report = serverOf(preview.emulator).getReport();
    expect(report.quickbooksCustomers).toBeGreaterThan(before.quickbooksCustomers + 10);
    const figure = sidebar.locator('[data-figure=quickbooks]');
    expect(((await figure.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
      `${report.quickbooksMatched} of ${report.quickbooksCustomers}`,
    );
    await shot('quickbooks-matched', 'step-verify');

    // A review card of a synced customer with a history carries it.
    const customers = opened.records('QuickBooks').filter((r) => r['QuickBooks Total Paid']);
    const customerOf = (phone: string) => customers.find((r) => (r.Phones ?? '').split(', ').includes(phone));
    const pending = opened.records('Conflicts').filter((c) => c.Status === 'pending' && customerOf(c.Phone ?? ''));
    expect(pending.length).toBeGreaterThan(0);
    await sidebar.getByTestId('review-conflicts').click();
    await opened.idle();
    for (let step = 0; step < 20; step++) {
      const phone = (await sidebar.getByTestId('review-conflict').getAttribute('data-phone')) ?? '';
      if (customerOf(phone)) break;
      await sidebar.getByTestId('review-next').click();
      await opened.idle();
    }
    const customer = customerOf((await sidebar.getByTestId('review-conflict').getAttribute('data-phone')) ?? '')!;
    expect(customer).toBeDefined();
    const syncedCard = sidebar.getByTestId('candidate').filter({ hasText: 'QuickBooks Online' }).first();
    const history = Object.fromEntries(
      await syncedCard
        .locator('dt')
        .evaluateAll((dts) => dts.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? ''])),
    ) as Record<string, string>;
    // One identity may hold several QuickBooks records (an export and the sync): each one's figure is shown.
    for (const [label, column] of [
      ['Open balance', 'QuickBooks Open Balance'],
      ['Total paid', 'QuickBooks Total Paid'],
      ['Last job', 'QuickBooks Job Description'],
      ['Customer since', 'QuickBooks Customer Since'],
    ] as const)
      expect((history[label] ?? '').split('; ')).toContain(customer[column]);
    await shot('quickbooks-review-card', 'review-conflict');
    await sidebar.getByTestId('review-close').click();
    await opened.idle();

    // Disconnect asks first, then forgets the connection and keeps the sheet.
    await sidebar.getByTestId('quickbooks-disconnect').click();
    await shot('quickbooks-disconnect');
    await sidebar.getByTestId('quickbooks-disconnect-confirm').click();
    await opened.idle();
    expect(await text('quickbooks-notice')).toBe('Disconnected from QuickBooks. The QuickBooks sheet and every decision on it stay.');
    expect(await sidebar.getByTestId('quickbooks-connect').textContent()).toBe('Connect QuickBooks');
    expect(opened.records('QuickBooks')).toHaveLength(1234);
    expect(Object.keys(preview.emulator.properties.user).filter((k) => /quickbooks/i.test(k) && !/sheet|environment/i.test(k))).toEqual([]);
  });
});
