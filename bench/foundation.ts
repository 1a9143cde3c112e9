/**
 * Foundation figures: bundle size, time to load the bundle in the emulator, time and Sheets
 * calls to import conversations from a CSV and from the OpenPhone mock. Prints figures only;
 * nothing here passes or fails on time.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { createEmulator, newWorkbook } from '../src/local/emulator';
import { startOpenPhoneMock } from '../src/local/openphone-mock/launch';
import { projectRoot } from '../src/local/paths';
import { conversationsCsv } from '../test/fixtures/conversations';
import { serverOf } from '../src/local/server-of';

interface Row {
  step: string;
  rows: number | string;
  ms: number;
  sheetsCalls: number | string;
  note?: string;
}

export async function runFoundationBench(): Promise<Row[]> {
  const results: Row[] = [];
  const bundle = path.join(projectRoot(), 'dist', 'Code.js');
  const size = statSync(bundle).size;
  console.log(`dist/Code.js: ${(size / 1024).toFixed(1)} KB (${size} bytes; goal under 300 KB)`);

  // Every execution loads the bundle into a fresh context, as Apps Script does.
  const loads = 20;
  const empty = createEmulator();
  let t = performance.now();
  for (let i = 0; i < loads; i++) serverOf(empty).getDashboard();
  results.push({
    step: 'load bundle + getDashboard, empty workbook (mean of 20)',
    rows: '-',
    ms: (performance.now() - t) / loads,
    sheetsCalls: empty.stats.sheets / loads,
  });
  empty.dispose();

  for (const count of [7000, 14000, 28000]) {
    const emulator = createEmulator({ workbook: newWorkbook('bench') });
    const csv = conversationsCsv(count, 7);
    t = performance.now();
    serverOf(emulator).importConversationsCsv('conversations.csv', csv);
    results.push({ step: 'import conversations CSV', rows: count, ms: performance.now() - t, sheetsCalls: emulator.stats.sheets });
    emulator.dispose();
  }

  const mock = await startOpenPhoneMock({ conversations: 7000 });
  try {
    const emulator = createEmulator({
      scriptProperties: { OPENPHONE_API_BASE: mock.url },
      userProperties: { OPENPHONE_API_KEY: mock.apiKey },
    });
    t = performance.now();
    serverOf(emulator).importConversationsFromOpenPhone();
    const ms = performance.now() - t;
    const stats = await mock.stats();
    results.push({
      step: 'import conversations from OpenPhone mock',
      rows: 7000,
      ms,
      sheetsCalls: emulator.stats.sheets,
      note: `${emulator.stats.urlFetch} requests, ${stats.rateLimited} answered 429, peak ${stats.peakPerSecond}/s`,
    });
    emulator.dispose();
  } finally {
    await mock.stop();
  }
  return results;
}
