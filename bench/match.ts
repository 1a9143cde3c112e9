/**
 * A full match on the generated realistic data set at 1×, 2× and 4× the real workspace
 * (7,000 conversation phones, ~15,000 PropertyRadar rows, 1,234 QuickBooks customers, an
 * OpenPhone export and a referral CSV at 1×). Prints wall time and Sheets calls of the match.
 */
import { readSourceFile } from '../src/core/sources/read';
import { createEmulator, newWorkbook, type Emulator } from '../src/local/emulator';
import { importTable } from '../src/local/import-source';
import { buildDataset } from '../test/fixtures/population';
import { serverOf } from '../src/local/server-of';

function upload(emulator: Emulator, name: string, text: string): void {
  const result = importTable(emulator, readSourceFile(name, text));
  if ('status' in result) throw new Error(`${name}: ${result.status}`);
}

export function runMatchBench(scales = [1, 2, 4]): void {
  const rows: Array<Record<string, string | number>> = [];
  for (const scale of scales) {
    const data = buildDataset({ scale, seed: 42 });
    const emulator = createEmulator({ workbook: newWorkbook('bench') });
    try {
      for (const [name, text] of Object.entries(data.files)) upload(emulator, name, text);
      serverOf(emulator).importConversationsCsv('conversations.csv', data.conversationsCsv);
      const sourceRows = Object.values(data.files).reduce((n, t) => n + t.split('\n').length - 2, 0);
      emulator.resetStats();
      const t = performance.now();
      const s = serverOf(emulator).runMatch();
      const ms = performance.now() - t;
      const sheetsCalls = emulator.stats.sheets;
      const second = performance.now();
      serverOf(emulator).runMatch();
      rows.push({
        scale: `${scale}×`,
        'conversation phones': s.phones,
        'source rows': sourceRows,
        'match (ms)': Math.round(ms),
        'Sheets calls': sheetsCalls,
        're-run (ms)': Math.round(performance.now() - second),
        'ms per phone': Math.round((ms / s.phones) * 1000) / 1000,
        auto: s.autoMatched,
        conflicts: s.conflicts,
        unmapped: s.unmapped,
      });
    } finally {
      emulator.dispose();
    }
  }
  console.log('\nFull match on the generated data set');
  console.table(rows);
}
