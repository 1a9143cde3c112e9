/**
 * Sync the QuickBooks mock's 1,234 customers (with their invoices and payments) as the sidebar
 * does, chunk after chunk, and print the wall time, the chunks, the requests QuickBooks saw, the
 * UrlFetch and Sheets calls, and the same again as a re-sync of the synced workbook.
 */
import { createEmulator, newWorkbook, type Emulator } from '../src/local/emulator';
import { startQuickBooksMock, type QuickBooksMockHandle } from '../src/local/quickbooks-mock/launch';
import { serverOf } from '../src/local/server-of';
import { connectThroughConsent, quickBooksScriptProperties } from '../test/fixtures/quickbooks';

async function syncOnce(label: string, emulator: Emulator, mock: QuickBooksMockHandle): Promise<Record<string, string | number>> {
  const before = await mock.stats();
  emulator.resetStats();
  const server = serverOf(emulator);
  const t = performance.now();
  let p = server.syncQuickBooksChunk({ start: true });
  let chunks = 1;
  while (p.state === 'running') {
    p = server.syncQuickBooksChunk({});
    chunks++;
  }
  const seconds = (performance.now() - t) / 1000;
  const after = await mock.stats();
  return {
    run: label,
    state: p.state,
    customers: p.summary?.customers ?? 0,
    invoices: p.summary?.invoices ?? 0,
    payments: p.summary?.payments ?? 0,
    'wall (s)': Math.round(seconds * 10) / 10,
    chunks,
    'QuickBooks requests': after.requests - before.requests,
    '429s': after.rateLimited - before.rateLimited,
    'peak in 1 s': after.peakPerSecond,
    'UrlFetch calls': emulator.stats.urlFetch,
    'Sheets calls': emulator.stats.sheets,
  };
}

export async function runQuickBooksBench(): Promise<void> {
  const mock = await startQuickBooksMock({ seed: 1 });
  const emulator = createEmulator({
    workbook: newWorkbook('bench'),
    scriptProperties: quickBooksScriptProperties(mock),
  });
  try {
    await connectThroughConsent(emulator);
    const rows = [await syncOnce('first sync', emulator, mock), await syncOnce('re-sync', emulator, mock)];
    console.log('QuickBooks Online sync of the mock company (1,234 customers), chunk after chunk as the sidebar calls it:');
    console.table(rows);
  } finally {
    emulator.dispose();
    await mock.stop();
  }
}
