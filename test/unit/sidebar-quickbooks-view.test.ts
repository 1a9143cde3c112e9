// Step 1's QuickBooks row as each state of the connection renders it (the browser test drives
// the whole round trip; this checks every state's wording and that nothing arrives unescaped).
import { describe, expect, it } from 'vitest';
import { initialState, type SidebarState } from '../../sidebar/state';
import { renderQuickBooks, syncedLine } from '../../sidebar/views/quickbooks';
import type { QuickBooksStatus, QuickBooksSyncProgress } from '../../src/core/rpc';

const status = (over: Partial<QuickBooksStatus>): QuickBooksStatus => ({
  configured: true,
  connected: false,
  environment: 'production',
  realmId: null,
  customers: null,
  lastSyncAt: null,
  sync: null,
  message: null,
  ...over,
});
const render = (over: Partial<SidebarState>) => renderQuickBooks({ ...initialState(), ...over }).markup;
const text = (markup: string) => markup.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the QuickBooks row', () => {
  it('tells what the admin sets before anyone can connect', () => {
    const markup = render({ quickBooks: status({ configured: false }) });
    expect(text(markup)).toContain('QuickBooks Online is not set up for this add-on yet.');
    expect(markup).toContain('<code>QUICKBOOKS_CLIENT_ID</code>');
    expect(markup).not.toContain('quickbooks-connect');
  });

  it('offers the consent page as a link to a new tab, escaped, and a reconnect with its reason', () => {
    const url = 'https://appcenter.intuit.com/connect/oauth2?client_id=a&state="x"<y>';
    const markup = render({ quickBooks: status({}), quickBooksAuthUrl: url });
    expect(markup).toContain('target="_blank" rel="noopener"');
    expect(markup).toContain('href="https://appcenter.intuit.com/connect/oauth2?client_id=a&amp;state=&quot;x&quot;&lt;y&gt;"');
    const again = render({ quickBooks: status({ message: 'QuickBooks no longer accepts <this> connection' }), quickBooksAuthUrl: url });
    expect(again).toContain('Reconnect QuickBooks');
    expect(again).toContain('QuickBooks no longer accepts &lt;this&gt; connection');
  });

  it('shows the customers and the last sync once synced, and Resume for a sync left unfinished', () => {
    const done = render({ quickBooks: status({ connected: true, realmId: '4620', customers: 1234, lastSyncAt: '2026-12-01T12:05:00Z' }) });
    expect(text(done)).toContain('✓ 1,234 customers');
    expect(text(done)).toMatch(/Last sync Dec 1, 2026, \d+:05 [AP]M · QuickBooks company 4620/);
    const paused: QuickBooksSyncProgress = {
      state: 'cancelled',
      phase: 'invoices',
      fetched: { customers: 1234, invoices: 1000, payments: 0 },
      totalCustomers: 1234,
      retryAfterSeconds: null,
      message: 'Sync cancelled.',
      summary: null,
    };
    expect(text(render({ quickBooks: status({ connected: true, customers: 1234, sync: paused }) }))).toContain('Resume sync');
  });

  it('sums up a sync with its jobs, inactive customers and the numbers that are no phone', () => {
    const line = syncedLine({
      state: 'done',
      phase: 'writing',
      fetched: { customers: 1234, invoices: 3770, payments: 3327 },
      totalCustomers: 1234,
      retryAfterSeconds: null,
      message: null,
      summary: {
        customers: 1234,
        withPhone: 1094,
        subCustomers: 98,
        inactive: 58,
        invoices: 3770,
        payments: 3327,
        problems: [{ customer: 'James Novak', message: 'Phone "555-5555-6666": not a valid phone number' }],
        problemCount: 1,
      },
    });
    expect(line.text).toBe(
      'Synced 1,234 customers from QuickBooks (1,094 with a phone, 98 jobs, 58 inactive; 3,770 invoices, 3,327 payments) into the QuickBooks sheet. Run the match again to use them.',
    );
    expect(line.details).toEqual(['James Novak: Phone "555-5555-6666": not a valid phone number']);
  });
});
